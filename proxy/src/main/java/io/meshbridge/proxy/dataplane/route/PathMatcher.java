package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import java.util.Objects;

/** Envoy's path specifiers: {@code prefix}, {@code path} and {@code safe_regex}. Pure. */
public final class PathMatcher {

  private PathMatcher() {}

  /** Whether {@code path} (no query string) satisfies {@code match}. */
  public static boolean matches(PathMatch match, String path) {
    String v = match.value();
    boolean ignoreCase = !match.caseSensitive();
    return switch (match.kind()) {
      case PREFIX -> path.regionMatches(ignoreCase, 0, v, 0, v.length());
      case PATH ->
          path.length() == v.length() && path.regionMatches(ignoreCase, 0, v, 0, v.length());
      case REGEX -> Objects.requireNonNull(match.regex()).matches(path);
    };
  }
}
