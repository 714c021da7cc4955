package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.RouteAction.Redirect;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;

/** Envoy's path rewrites and redirect locations, as pure functions. */
public final class Rewrites {

  private Rewrites() {}

  /**
   * {@code target} (origin form) with the part {@code match} matched replaced by {@code
   * replacement}; the query is kept. For a prefix or path match that is the first {@code
   * match.value().length()} characters of the path.
   */
  public static String prefixRewrite(PathMatch match, String target, String replacement) {
    if (match.kind() == PathMatch.Kind.REGEX) {
      throw new IllegalArgumentException("match: " + match + " (expected: a prefix or path)");
    }
    int n = Math.min(match.value().length(), target.length());
    return replacement + target.substring(n);
  }

  /** The absolute Location {@code redirect} sends {@code request} to. */
  public static String redirectLocation(Redirect redirect, PathMatch match, RequestView request) {
    String scheme = redirect.scheme().isEmpty() ? "http" : redirect.scheme();
    String host = redirect.host().isEmpty() ? request.host() : redirect.host();
    if (redirect.port() != 0) {
      host = stripPort(host) + ":" + redirect.port();
    }
    String query = request.query();
    String path;
    if (!redirect.path().isEmpty()) {
      path = redirect.path();
      if (path.indexOf('?') >= 0) {
        query = ""; // the redirect's own query replaces the request's
      }
    } else if (!redirect.prefixRewrite().isEmpty()) {
      path = prefixRewrite(match, request.path(), redirect.prefixRewrite());
    } else {
      path = request.path();
    }
    boolean keepQuery = !redirect.stripQuery() && !query.isEmpty();
    return scheme + "://" + host + path + (keepQuery ? "?" + query : "");
  }

  private static String stripPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
  }
}
