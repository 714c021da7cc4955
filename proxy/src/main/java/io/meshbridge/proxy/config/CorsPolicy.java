package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A route's CORS policy (Envoy's {@code CorsPolicy} per route).
 *
 * @param allowOrigins the origins allowed ({@code allow_origin_string_match})
 * @param allowMethods {@code access-control-allow-methods} of a preflight answer (may be empty)
 * @param allowHeaders {@code access-control-allow-headers} of a preflight answer (may be empty)
 * @param exposeHeaders {@code access-control-expose-headers} of an actual response (may be empty)
 * @param maxAge {@code access-control-max-age} of a preflight answer (may be empty)
 * @param allowCredentials whether {@code access-control-allow-credentials: true} is sent
 * @param enabled the fraction of requests the policy applies to ({@code filter_enabled})
 * @param forwardNotMatchingPreflights whether a preflight from an origin not allowed goes upstream
 *     (Envoy's default) instead of being answered without CORS headers
 */
public record CorsPolicy(
    List<StringMatch> allowOrigins,
    String allowMethods,
    String allowHeaders,
    String exposeHeaders,
    String maxAge,
    boolean allowCredentials,
    Fraction enabled,
    boolean forwardNotMatchingPreflights) {

  public CorsPolicy {
    allowOrigins = List.copyOf(allowOrigins);
    requireNonNull(allowMethods, "allowMethods");
    requireNonNull(allowHeaders, "allowHeaders");
    requireNonNull(exposeHeaders, "exposeHeaders");
    requireNonNull(maxAge, "maxAge");
    requireNonNull(enabled, "enabled");
  }
}
