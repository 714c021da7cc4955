package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Istio's {@code HTTPRoute}, the supported part.
 *
 * @param matches any of them selects the route; empty matches every request
 * @param destinations one, or several whose weights add up to 100
 * @param timeout the route timeout, or null for the default
 */
public record HttpRoute(
    String name,
    List<HttpMatch> matches,
    List<Destination> destinations,
    @Nullable Duration timeout,
    @Nullable Retries retries) {

  public HttpRoute {
    requireNonNull(name, "name");
    matches = List.copyOf(matches);
    destinations = List.copyOf(destinations);
    if (destinations.isEmpty()) {
      throw new IllegalArgumentException("route: [] (expected: at least one destination)");
    }
  }
}
