package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

/**
 * Istio's {@code HTTPRouteDestination}: where a share of a route's requests go.
 *
 * @param host the host as normalized by {@link Hosts#normalize}
 * @param subset a subset of a DestinationRule for the host, or {@code ""} for the whole service
 * @param port the destination's service port number, or 0 when not given
 * @param weight the share in percent (0..100)
 */
public record Destination(String host, String subset, int port, int weight) {

  public Destination {
    requireNonNull(host, "host");
    requireNonNull(subset, "subset");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
    }
  }
}
