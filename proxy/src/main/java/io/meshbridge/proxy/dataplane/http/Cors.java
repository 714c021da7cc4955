package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.CorsPolicy;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.dataplane.route.StringMatcher;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's CORS filter for one request: a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) from an allowed origin is answered locally; an actual
 * request from an allowed origin gets {@code access-control-allow-origin} (and {@code
 * -allow-credentials}, {@code -expose-headers}) on its response.
 */
final class Cors {

  private Cors() {}

  /** The request's Origin when {@code policy} allows it, else null. */
  static @Nullable String allowedOrigin(CorsPolicy policy, HttpRequest request) {
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin == null) {
      return null;
    }
    for (StringMatch m : policy.allowOrigins()) {
      if (StringMatcher.matches(m, origin)) {
        return origin;
      }
    }
    return null;
  }

  static boolean isPreflight(HttpRequest request) {
    return HttpMethod.OPTIONS.equals(request.method())
        && request.headers().contains(HttpHeaderNames.ORIGIN)
        && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** The headers of a preflight answer for an allowed {@code origin}. */
  static void preflight(CorsPolicy policy, String origin, HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    setIfAny(h, HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, policy.allowMethods());
    setIfAny(h, HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, policy.allowHeaders());
    setIfAny(h, HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, policy.maxAge());
    credentials(policy, h);
  }

  /** The headers added to an actual response for an allowed {@code origin}. */
  static void response(CorsPolicy policy, String origin, HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    setIfAny(h, HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, policy.exposeHeaders());
    credentials(policy, h);
  }

  private static void credentials(CorsPolicy policy, HttpHeaders h) {
    if (policy.allowCredentials()) {
      h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  private static void setIfAny(HttpHeaders h, CharSequence name, String value) {
    if (!value.isEmpty()) {
      h.set(name, value);
    }
  }
}
