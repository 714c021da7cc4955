package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.policy.HttpPolicies.Cors;
import io.meshbridge.pilot.policy.HttpPolicies.DirectResponse;
import io.meshbridge.pilot.policy.HttpPolicies.Fault;
import io.meshbridge.pilot.policy.HttpPolicies.Headers;
import io.meshbridge.pilot.policy.HttpPolicies.Mirror;
import io.meshbridge.pilot.policy.HttpPolicies.Redirect;
import io.meshbridge.pilot.policy.HttpPolicies.Rewrite;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Istio's {@code HTTPRoute}, the supported part.
 *
 * @param matches any of them selects the route; empty matches every request
 * @param destinations one, or several whose weights add up to 100; empty exactly when {@code
 *     redirect} or {@code directResponse} answers instead
 * @param timeout the route timeout, or null for the default
 */
public record HttpRoute(
    String name,
    List<HttpMatch> matches,
    List<Destination> destinations,
    @Nullable Duration timeout,
    @Nullable Retries retries,
    Headers headers,
    @Nullable Rewrite rewrite,
    @Nullable Redirect redirect,
    @Nullable DirectResponse directResponse,
    @Nullable Fault fault,
    List<Mirror> mirrors,
    @Nullable Cors cors) {

  public HttpRoute {
    requireNonNull(name, "name");
    requireNonNull(headers, "headers");
    matches = List.copyOf(matches);
    destinations = List.copyOf(destinations);
    mirrors = List.copyOf(mirrors);
    if (destinations.isEmpty() == (redirect == null && directResponse == null)) {
      throw new IllegalArgumentException(
          "route: " + destinations + " (expected: destinations, or a redirect or direct response)");
    }
  }

  /** A route to {@code destinations} with nothing else set. */
  public HttpRoute(
      String name,
      List<HttpMatch> matches,
      List<Destination> destinations,
      @Nullable Duration timeout,
      @Nullable Retries retries) {
    this(name, matches, destinations, timeout, retries, Headers.NONE, null, null, null, null,
        List.of(), null);
  }
}
