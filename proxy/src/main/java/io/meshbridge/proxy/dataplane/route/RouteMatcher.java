package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.QueryMatch;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteMatch;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Route selection within a virtual host with Envoy's {@code RouteMatch} semantics: routes in
 * order, the first whose path, header and query parameter matchers all hold. Pure functions.
 */
public final class RouteMatcher {

  private RouteMatcher() {}

  /** The first of {@code routes} that matches {@code request}, or null. */
  public static @Nullable RouteEntry firstMatch(List<RouteEntry> routes, RequestView request) {
    for (RouteEntry route : routes) {
      if (matches(route.match(), request)) {
        return route;
      }
    }
    return null;
  }

  /** Whether {@code request} satisfies {@code match}. */
  public static boolean matches(RouteMatch match, RequestView request) {
    if (!PathMatcher.matches(match.path(), request.path())) {
      return false;
    }
    for (HeaderMatch h : match.headers()) {
      if (!matches(h, request)) {
        return false;
      }
    }
    if (match.queryParameters().isEmpty()) {
      return true;
    }
    String query = request.query();
    for (QueryMatch q : match.queryParameters()) {
      if (!matches(q, query)) {
        return false;
      }
    }
    return true;
  }

  /** Envoy's {@code HeaderMatcher}: see {@link HeaderMatch}. */
  public static boolean matches(HeaderMatch match, RequestView request) {
    String value = headerValue(match.name(), request);
    if (value == null) {
      // As Envoy: a missing header matches only "absent", or an inverted "present".
      return match.value() == null && (match.present() == match.invert());
    }
    boolean result = match.value() == null ? match.present() : matchValue(match, value);
    return result != match.invert();
  }

  private static boolean matchValue(HeaderMatch match, String value) {
    return StringMatcher.matches(java.util.Objects.requireNonNull(match.value()), value);
  }

  /** Envoy's {@code QueryParameterMatcher}: see {@link QueryMatch}. */
  public static boolean matches(QueryMatch match, String rawQuery) {
    List<String> values =
        new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false)
            .parameters()
            .get(match.name());
    if (values == null || values.isEmpty()) {
      return false;
    }
    return match.value() == null || StringMatcher.matches(match.value(), values.get(0));
  }

  /** The header's values joined with ",", a pseudo-header's value, or null when absent. */
  static @Nullable String headerValue(String name, RequestView request) {
    return switch (name) {
      case ":method" -> request.method();
      case ":authority" -> request.host().isEmpty() ? null : request.host();
      case ":path" -> request.target();
      case ":scheme" -> "http";
      default -> {
        List<String> all = request.headers().getAll(name);
        yield all.isEmpty() ? null : String.join(",", all);
      }
    };
  }
}
