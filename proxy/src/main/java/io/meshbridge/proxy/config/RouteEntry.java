package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One route: its name (Envoy's {@code name}, for the access log; may be empty), which requests it
 * matches, what it does with them, the header changes it makes, and its per-filter config.
 */
public record RouteEntry(
    String name,
    RouteMatch match,
    RouteAction action,
    HeaderMutations headers,
    RouteFilters filters) {

  public RouteEntry {
    requireNonNull(name, "name");
    requireNonNull(filters, "filters");
    requireNonNull(match, "match");
    requireNonNull(action, "action");
    requireNonNull(headers, "headers");
    if (action instanceof RouteAction.Forward f
        && !f.prefixRewrite().isEmpty()
        && match.path().kind() == PathMatch.Kind.REGEX) {
      throw new IllegalArgumentException(
          "prefixRewrite: '" + f.prefixRewrite() + "' (expected: a prefix or path match)");
    }
  }

  /** A route without per-filter config. */
  public RouteEntry(String name, RouteMatch match, RouteAction action, HeaderMutations headers) {
    this(name, match, action, headers, RouteFilters.NONE);
  }

  /** An unnamed route without per-filter config. */
  public RouteEntry(RouteMatch match, RouteAction action, HeaderMutations headers) {
    this("", match, action, headers, RouteFilters.NONE);
  }

  /** A route on a path match alone to one cluster. */
  public RouteEntry(PathMatch path, String cluster) {
    this(RouteMatch.path(path), RouteAction.Forward.to(cluster), HeaderMutations.NONE);
  }

  /**
   * A match on the request path (before any query string).
   *
   * @param kind how {@code value} is compared
   * @param value the prefix, the path, or the regex pattern
   * @param caseSensitive for prefix and path (Envoy ignores it for regex)
   * @param regex the compiled pattern, exactly when {@code kind} is {@link Kind#REGEX}
   */
  public record PathMatch(Kind kind, String value, boolean caseSensitive, @Nullable Regex regex) {

    public enum Kind {
      /** The path starts with {@code value}. */
      PREFIX,
      /** The path is exactly {@code value}. */
      PATH,
      /** The whole path matches the regex (Envoy's {@code safe_regex}). */
      REGEX
    }

    public PathMatch {
      requireNonNull(kind, "kind");
      requireNonNull(value, "value");
      if ((kind == Kind.REGEX) != (regex != null)) {
        throw new IllegalArgumentException(
            "regex: " + regex + " (expected: a regex exactly for kind REGEX, kind is " + kind
                + ")");
      }
      if (regex != null && !value.equals(regex.pattern())) {
        throw new IllegalArgumentException("value: '" + value + "' (expected: the regex pattern)");
      }
    }

    public PathMatch(Kind kind, String value, boolean caseSensitive) {
      this(kind, value, caseSensitive, null);
    }

    public static PathMatch prefix(String value) {
      return new PathMatch(Kind.PREFIX, value, true);
    }

    public static PathMatch regex(String pattern) {
      return new PathMatch(Kind.REGEX, pattern, true, new Regex(pattern));
    }
  }
}
