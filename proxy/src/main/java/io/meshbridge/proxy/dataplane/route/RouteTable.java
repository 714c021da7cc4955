package io.meshbridge.proxy.dataplane.route;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.LocalRateLimitConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.dataplane.filter.LocalRateLimiter;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A route table compiled for matching: Host picks the virtual host, then the first route whose
 * matchers (path, headers, query parameters) hold ({@link RouteList}: runs of plain path routes
 * are looked up in a trie, the rest tried in order). Routes with a local rate limit get their token
 * bucket here, so it lives as long as the table (a config update that leaves the table unchanged
 * keeps it, as Envoy keeps an unchanged route configuration).
 */
public final class RouteTable {

  private final RouteConfig config;
  private final VirtualHostMatcher hosts;
  private final Map<RouteEntry, LocalRateLimiter> limiters = new IdentityHashMap<>();
  /** Each virtual host's routes, compiled for first-match lookup. */
  private final Map<VirtualHostConfig, RouteList> routes = new IdentityHashMap<>();

  private RouteTable(
      RouteConfig config, Function<LocalRateLimitConfig, LocalRateLimiter> newLimiter) {
    this.config = requireNonNull(config, "config");
    this.hosts = VirtualHostMatcher.of(config.virtualHosts());
    for (VirtualHostConfig vhost : config.virtualHosts()) {
      routes.put(vhost, RouteList.of(vhost.routes()));
      for (RouteEntry route : vhost.routes()) {
        LocalRateLimitConfig limit = route.filters().rateLimit();
        if (limit != null) {
          limiters.put(route, newLimiter.apply(limit));
        }
      }
    }
  }

  /** A table whose rate-limited routes get their limiter from {@code newLimiter}. */
  public static RouteTable of(
      RouteConfig config, Function<LocalRateLimitConfig, LocalRateLimiter> newLimiter) {
    return new RouteTable(config, newLimiter);
  }

  /** A table without rate limits (for tests of matching). */
  public static RouteTable of(RouteConfig config) {
    return new RouteTable(
        config,
        c -> {
          throw new IllegalArgumentException("rate limit " + c + " (expected: none)");
        });
  }

  public RouteConfig config() {
    return config;
  }

  /** The virtual host and route for a request, or null when no virtual host or route matches. */
  public @Nullable Match route(RequestView request) {
    VirtualHostConfig vhost = hosts.match(request.host());
    RouteEntry route = vhost == null ? null : routes.get(vhost).firstMatch(request);
    return route == null ? null : new Match(vhost, route, limiters.get(route));
  }

  /**
   * A matched route, the virtual host it belongs to, and the route's rate limiter (null without a
   * rate limit).
   */
  public record Match(
      VirtualHostConfig virtualHost, RouteEntry route, @Nullable LocalRateLimiter rateLimiter) {}
}
