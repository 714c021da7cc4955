package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Istio's {@code TCPRoute} or {@code TLSRoute}: connections that match go to the destinations.
 *
 * @param matches any of them selects the route; empty (TCP only) matches every connection
 * @param destinations one, or several whose weights add up to 100
 */
public record L4Route(List<Match> matches, List<Destination> destinations) {

  /**
   * A {@code L4MatchAttributes} or {@code TLSMatchAttributes}, the accepted part.
   *
   * @param port the service port it is limited to, 0 for every port
   * @param sniHosts the server names (TLS only, lowercase), empty for TCP
   * @param sourceLabels the labels a proxy must have for this match to apply to it
   */
  public record Match(int port, List<String> sniHosts, Map<String, String> sourceLabels) {
    public static final Match ANY = new Match(0, List.of(), Map.of());

    public Match {
      sniHosts = List.copyOf(requireNonNull(sniHosts, "sniHosts"));
      sourceLabels = Map.copyOf(sourceLabels);
    }

    /** Whether this match applies to a proxy with {@code labels} on port {@code number}. */
    public boolean appliesTo(int number, Map<String, String> labels) {
      return appliesTo(number) && labels.entrySet().containsAll(sourceLabels.entrySet());
    }

    /** Whether this match applies to service port number {@code number}. */
    public boolean appliesTo(int number) {
      return port == 0 || port == number;
    }
  }

  public L4Route {
    matches = List.copyOf(matches);
    destinations = List.copyOf(destinations);
    if (destinations.isEmpty()) {
      throw new IllegalArgumentException("route: [] (expected: at least one destination)");
    }
  }
}
