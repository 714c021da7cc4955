package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One upstream endpoint.
 *
 * @param host IP literal or host name
 * @param port port to connect to
 * @param health as EDS says; only {@link Health#HEALTHY} and {@link Health#UNKNOWN} get requests
 * @param weight relative weight, at least 1
 * @param labels the endpoint's labels (from {@code filter_metadata["meshbridge"].labels})
 * @param locality its EDS locality as {@code region/zone/sub_zone} (empty parts stay empty)
 * @param priority its locality's EDS {@code priority}: 0 is tried first
 * @param localityWeight its locality's {@code load_balancing_weight}; 0 when unset
 * @param transportMatch its {@code filter_metadata["envoy.transport_socket_match"]} (string
 *     values), matched against the cluster's {@code transport_socket_matches}
 */
public record EndpointConfig(
    String host,
    int port,
    Health health,
    int weight,
    Map<String, String> labels,
    String locality,
    int priority,
    int localityWeight,
    Map<String, String> transportMatch) {

  /** An endpoint without transport socket match metadata. */
  public EndpointConfig(
      String host, int port, Health health, int weight, Map<String, String> labels,
      String locality, int priority, int localityWeight) {
    this(host, port, health, weight, labels, locality, priority, localityWeight, Map.of());
  }

  /** An endpoint in the default locality, priority 0. */
  public EndpointConfig(
      String host, int port, Health health, int weight, Map<String, String> labels) {
    this(host, port, health, weight, labels, "", 0, 0);
  }

  public EndpointConfig {
    requireNonNull(host, "host");
    requireNonNull(health, "health");
    requireNonNull(locality, "locality");
    labels = Map.copyOf(labels);
    transportMatch = Map.copyOf(transportMatch);
    if (priority < 0 || localityWeight < 0) {
      throw new IllegalArgumentException(
          "priority/localityWeight: " + priority + "/" + localityWeight + " (expected: >= 0)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    if (weight < 1) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
    }
  }

  /** Whether new requests may be sent to this endpoint. */
  public boolean servesTraffic() {
    return health == Health.HEALTHY || health == Health.UNKNOWN;
  }

  public enum Health {
    HEALTHY,
    UNHEALTHY,
    DRAINING,
    UNKNOWN
  }
}
