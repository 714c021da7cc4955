package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A logical service: its key, extra host names it answers to (beyond {@link
 * ServiceKey#meshHostname()}), its ports, its labels and how its endpoints' addresses are
 * resolved.
 */
public record Service(
    ServiceKey key,
    List<String> hostnames,
    List<ServicePort> ports,
    Map<String, String> labels,
    Resolution resolution) {

  /** A service whose endpoints are IP addresses ({@link Resolution#STATIC}), as most registries. */
  public Service(
      ServiceKey key, List<String> hostnames, List<ServicePort> ports, Map<String, String> labels) {
    this(key, hostnames, ports, labels, Resolution.STATIC);
  }

  public Service {
    requireNonNull(key, "key");
    requireNonNull(resolution, "resolution");
    hostnames = List.copyOf(hostnames);
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("service " + key + ": ports: [] (expected: at least one)");
    }
    Set<String> names = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    for (ServicePort p : ports) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException(
            "service " + key + ": ports: name '" + p.name() + "' appears twice");
      }
      if (!numbers.add(p.number())) {
        throw new IllegalArgumentException(
            "service " + key + ": ports: number " + p.number() + " appears twice");
      }
    }
  }

  public Optional<ServicePort> port(String portName) {
    return ports.stream().filter(p -> p.name().equals(portName)).findFirst();
  }
}
