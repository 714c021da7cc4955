package io.meshbridge.registry.consul;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import java.util.Map;

/**
 * One passing Consul instance, read and checked, before the service's port is decided: everything
 * an {@link io.meshbridge.model.Endpoint} needs except the port's name.
 *
 * @param description how problems name it: {@code datacenter dc1: service web: instance web-1 (node
 *     vm-1)}
 * @param protocol from {@code Service.Meta.protocol}, or the default
 */
record Candidate(
    String description,
    String address,
    int port,
    Protocol protocol,
    Map<String, String> labels,
    Locality locality,
    int weight) {

  Candidate {
    requireNonNull(description, "description");
    requireNonNull(address, "address");
    requireNonNull(protocol, "protocol");
    requireNonNull(locality, "locality");
    labels = Map.copyOf(labels);
  }
}
