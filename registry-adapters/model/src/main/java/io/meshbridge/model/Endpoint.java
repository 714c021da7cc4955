package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One instance of a service, as one registry sees it.
 *
 * @param service the service this endpoint belongs to
 * @param address an IP address; a host name only when its service resolves by {@link
 *     Resolution#DNS}
 * @param ports the port the endpoint listens on for each service port name; a service port missing
 *     here is served on its own number
 * @param labels labels of the instance (pod labels, Consul tags, Eureka metadata ...)
 * @param health what the registry says of its health
 * @param locality where it runs
 * @param weight relative load balancing weight, 1..1000
 * @param source the id of the registry adapter instance this endpoint came from
 */
public record Endpoint(
    ServiceKey service,
    String address,
    Map<String, Integer> ports,
    Map<String, String> labels,
    HealthStatus health,
    Locality locality,
    int weight,
    String source) {

  /** The label the aggregator puts on every endpoint to name the registry it came from. */
  public static final String REGISTRY_LABEL = "meshbridge.io/registry";

  public Endpoint {
    requireNonNull(service, "service");
    requireNonNull(address, "address");
    requireNonNull(health, "health");
    requireNonNull(locality, "locality");
    requireNonNull(source, "source");
    ports = Map.copyOf(ports);
    labels = Map.copyOf(labels);
    if (address.isBlank()) {
      throw new IllegalArgumentException("address: '' (expected: an IP address or host name)");
    }
    ports.forEach((name, port) -> Validation.checkPort("ports." + name, port));
    if (weight < 1 || weight > 1000) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: 1..1000)");
    }
  }

  /** The port this endpoint listens on for the given service port. */
  public int targetPort(ServicePort port) {
    return ports.getOrDefault(port.name(), port.number());
  }

  public Endpoint withLabels(Map<String, String> newLabels) {
    return new Endpoint(service, address, ports, newLabels, health, locality, weight, source);
  }
}
