package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Which requests a route takes (Envoy's {@code RouteMatch}): the path match, and every header and
 * query parameter matcher must hold.
 */
public record RouteMatch(
    RouteEntry.PathMatch path, List<HeaderMatch> headers, List<QueryMatch> queryParameters) {

  public RouteMatch {
    requireNonNull(path, "path");
    headers = List.copyOf(headers);
    queryParameters = List.copyOf(queryParameters);
  }

  /** A match on the path alone. */
  public static RouteMatch path(RouteEntry.PathMatch path) {
    return new RouteMatch(path, List.of(), List.of());
  }
}
