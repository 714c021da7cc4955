package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.ServiceKey;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Two registries report the same endpoint of a service (same address and target ports) but
 * disagree about its health or labels. The higher-precedence registry's copy is served.
 *
 * @param service the mesh service
 * @param address the endpoint's address
 * @param targetPorts its port for each service port name
 * @param kept the id of the registry whose copy is served (the higher precedence)
 * @param overridden the id of the registry whose copy is not
 * @param difference what they disagree about, e.g. {@code health: HEALTHY vs UNHEALTHY}
 */
public record EndpointConflict(
    ServiceKey service,
    String address,
    SortedMap<String, Integer> targetPorts,
    String kept,
    String overridden,
    String difference) {

  public EndpointConflict {
    requireNonNull(service, "service");
    requireNonNull(address, "address");
    requireNonNull(kept, "kept");
    requireNonNull(overridden, "overridden");
    requireNonNull(difference, "difference");
    targetPorts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(targetPorts)));
  }
}
