package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One local workload (a VM's application) that a {@link WorkloadRegistrar} puts into a registry.
 *
 * @param service the mesh service it is an instance of
 * @param instanceId unique within the service, stable across restarts (e.g. the host name)
 * @param address the address other workloads reach it on
 * @param ports the ports it listens on, with their protocols (the number is the real port here)
 * @param labels labels to publish (Consul tags/Meta, Eureka metadata, ZooKeeper payload)
 * @param locality where it runs
 */
public record WorkloadInstance(
    ServiceKey service,
    String instanceId,
    String address,
    List<ServicePort> ports,
    Map<String, String> labels,
    Locality locality) {

  public WorkloadInstance {
    requireNonNull(service, "service");
    requireNonNull(instanceId, "instanceId");
    requireNonNull(address, "address");
    requireNonNull(locality, "locality");
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    if (instanceId.isBlank()) {
      throw new IllegalArgumentException("instanceId: '' (expected: a non-empty id)");
    }
    if (address.isBlank()) {
      throw new IllegalArgumentException("address: '' (expected: an IP address or host name)");
    }
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("ports: [] (expected: at least one)");
    }
  }
}
