package io.meshbridge.proxy.config;

import org.jspecify.annotations.Nullable;

/**
 * A route's per-filter config (Envoy's {@code typed_per_filter_config}); each applies only on
 * listeners whose HTTP filter chain has that filter.
 */
public record RouteFilters(
    @Nullable FaultPolicy fault,
    @Nullable LocalRateLimitConfig rateLimit,
    @Nullable CorsPolicy cors) {

  public static final RouteFilters NONE = new RouteFilters(null, null, null);

  /** Fault injection and rate limit, no CORS. */
  public RouteFilters(@Nullable FaultPolicy fault, @Nullable LocalRateLimitConfig rateLimit) {
    this(fault, rateLimit, null);
  }
}
