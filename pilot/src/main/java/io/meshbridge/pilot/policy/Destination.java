package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.policy.HttpPolicies.Headers;

/**
 * Istio's {@code HTTPRouteDestination} (or {@code RouteDestination}): where a share of a route's
 * requests or connections go.
 *
 * @param host the host as normalized by {@link Hosts#normalize}
 * @param subset a subset of a DestinationRule for the host, or {@code ""} for the whole service
 * @param port the destination's service port number, or 0 when not given
 * @param weight the share in percent (0..100)
 * @param headers header operations for requests sent to this destination
 */
public record Destination(String host, String subset, int port, int weight, Headers headers) {

  public Destination {
    requireNonNull(host, "host");
    requireNonNull(subset, "subset");
    requireNonNull(headers, "headers");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
    }
  }

  public Destination(String host, String subset, int port, int weight) {
    this(host, subset, port, weight, Headers.NONE);
  }
}
