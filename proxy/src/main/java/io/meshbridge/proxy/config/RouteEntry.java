package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/** One route: which requests it matches, and the cluster they go to. */
public record RouteEntry(PathMatch match, String cluster) {

  public RouteEntry {
    requireNonNull(match, "match");
    requireNonNull(cluster, "cluster");
  }

  /** A match on the request path (before any query string). */
  public record PathMatch(Kind kind, String value, boolean caseSensitive) {

    public enum Kind {
      /** The path starts with {@code value}. */
      PREFIX,
      /** The path is exactly {@code value}. */
      PATH
    }

    public PathMatch {
      requireNonNull(kind, "kind");
      requireNonNull(value, "value");
    }

    public static PathMatch prefix(String value) {
      return new PathMatch(Kind.PREFIX, value, true);
    }
  }
}
