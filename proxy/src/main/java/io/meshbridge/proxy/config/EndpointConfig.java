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
 */
public record EndpointConfig(
    String host, int port, Health health, int weight, Map<String, String> labels) {

  public EndpointConfig {
    requireNonNull(host, "host");
    requireNonNull(health, "health");
    labels = Map.copyOf(labels);
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
