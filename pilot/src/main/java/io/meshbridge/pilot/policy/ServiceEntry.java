package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Protocol;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An Istio ServiceEntry: hosts the mesh does not discover itself, with their ports and endpoints.
 * Pilot publishes accepted ones as services of the {@code istio-config} registry.
 *
 * @param hosts lowercase DNS names, no wildcards
 * @param addresses IPs or CIDRs as written; validated, not used for routing (see pilot/README.md)
 * @param endpoints the static endpoints, empty when {@code workloadSelector} is given
 * @param workloadSelector labels of the WorkloadEntries (same namespace) that are its endpoints, or
 *     null when not given
 * @param exportTo {@code *} or {@code .}, as written (empty: everywhere)
 */
public record ServiceEntry(
    String namespace,
    String name,
    List<String> hosts,
    List<String> addresses,
    List<Port> ports,
    Location location,
    Resolution resolution,
    List<Workload> endpoints,
    @Nullable Map<String, String> workloadSelector,
    List<String> exportTo,
    String source)
    implements PolicyResource {

  public static final String KIND = "ServiceEntry";

  /** {@code spec.location}. */
  public enum Location {
    MESH_EXTERNAL,
    MESH_INTERNAL
  }

  /** {@code spec.resolution}; NONE is rejected by the reader. */
  public enum Resolution {
    STATIC,
    DNS
  }

  /**
   * {@code spec.ports[]}.
   *
   * @param targetPort the endpoints' port when an endpoint does not name this port, 0 = the number
   */
  public record Port(String name, int number, Protocol protocol, int targetPort) {
    public Port {
      requireNonNull(name, "name");
      requireNonNull(protocol, "protocol");
    }
  }

  public ServiceEntry {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(location, "location");
    requireNonNull(resolution, "resolution");
    requireNonNull(source, "source");
    hosts = List.copyOf(hosts);
    addresses = List.copyOf(addresses);
    ports = List.copyOf(ports);
    endpoints = List.copyOf(endpoints);
    workloadSelector = workloadSelector == null ? null : Map.copyOf(workloadSelector);
    exportTo = List.copyOf(exportTo);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
