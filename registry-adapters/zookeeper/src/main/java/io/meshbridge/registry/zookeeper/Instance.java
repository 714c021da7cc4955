package io.meshbridge.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Protocol;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One service instance as read from one znode, before it is folded into the model.
 *
 * @param path the znode it was read from
 * @param serviceName the service (Curator) or interface (Dubbo) name as ZooKeeper has it
 * @param meshName the mesh service name it maps to (see {@link ServiceNames})
 * @param address where it listens
 * @param ports by port name, in name order
 * @param labels Curator payload metadata, or Dubbo URL parameters
 * @param health {@link HealthStatus#HEALTHY}, or UNHEALTHY when the instance says it is disabled
 */
record Instance(
    String path,
    String serviceName,
    String meshName,
    String address,
    SortedMap<String, Port> ports,
    Map<String, String> labels,
    HealthStatus health) {

  /** A port the instance listens on. */
  record Port(int number, Protocol protocol) {
    Port {
      requireNonNull(protocol, "protocol");
    }
  }

  Instance {
    requireNonNull(path, "path");
    requireNonNull(serviceName, "serviceName");
    requireNonNull(meshName, "meshName");
    requireNonNull(address, "address");
    requireNonNull(health, "health");
    ports = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(ports));
    labels = Map.copyOf(labels);
  }

  /** The port names and protocols, without numbers: what every instance of a service must agree on. */
  SortedMap<String, Protocol> signature() {
    SortedMap<String, Protocol> signature = new TreeMap<>();
    ports.forEach((name, port) -> signature.put(name, port.protocol()));
    return signature;
  }
}
