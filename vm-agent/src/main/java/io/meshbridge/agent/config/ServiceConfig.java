package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Locality;
import io.meshbridge.model.ServiceKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local workload: which mesh service it is an instance of and how it is reached.
 *
 * @param key the mesh service ({@code name}, {@code namespace})
 * @param serviceAccount its identity's service account (default {@code default})
 * @param instanceId unique within the service, stable across restarts (default the host name)
 * @param address the address other workloads reach this VM on (default the first non-loopback
 *     IPv4 address)
 * @param ports the mesh-facing ports, never empty
 * @param labels published in the registration and as the node's {@code LABELS}
 * @param locality where it runs
 */
public record ServiceConfig(
    ServiceKey key,
    String serviceAccount,
    String instanceId,
    String address,
    List<PortConfig> ports,
    Map<String, String> labels,
    Locality locality) {

  public ServiceConfig {
    requireNonNull(key, "key");
    requireNonNull(serviceAccount, "serviceAccount");
    requireNonNull(instanceId, "instanceId");
    requireNonNull(address, "address");
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    requireNonNull(locality, "locality");
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("ports: [] (expected: at least one port)");
    }
    Set<Integer> numbers = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      if (!numbers.add(ports.get(i).port())) {
        throw new IllegalArgumentException(
            "ports[" + i + "].port: " + ports.get(i).port() + " (expected: unique)");
      }
      if (!names.add(ports.get(i).name())) {
        throw new IllegalArgumentException(
            "ports[" + i + "].name: '" + ports.get(i).name() + "' (expected: unique)");
      }
    }
  }
}
