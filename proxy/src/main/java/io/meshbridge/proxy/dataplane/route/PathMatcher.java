package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Route selection within a virtual host: routes in order, the first whose path match holds. */
public final class PathMatcher {

  private PathMatcher() {}

  /** The first route of {@code routes} that matches {@code path} (no query string), or null. */
  public static @Nullable RouteEntry firstMatch(List<RouteEntry> routes, String path) {
    for (RouteEntry route : routes) {
      if (matches(route.match(), path)) {
        return route;
      }
    }
    return null;
  }

  /** Whether {@code path} satisfies {@code match}. */
  public static boolean matches(PathMatch match, String path) {
    String v = match.value();
    boolean ignoreCase = !match.caseSensitive();
    return switch (match.kind()) {
      case PREFIX -> path.regionMatches(ignoreCase, 0, v, 0, v.length());
      case PATH ->
          path.length() == v.length() && path.regionMatches(ignoreCase, 0, v, 0, v.length());
    };
  }
}
