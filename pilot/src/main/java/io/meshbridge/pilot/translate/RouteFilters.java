package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import io.meshbridge.pilot.policy.HttpPolicies.Cors;
import io.meshbridge.pilot.policy.HttpPolicies.Fault;
import io.meshbridge.pilot.policy.VirtualService;
import java.util.List;

/**
 * The per-route configs ({@code typed_per_filter_config}) of the HTTP filters before the router:
 * fault injection, CORS and the local rate limit. {@link #ORDER} is their order in the HCM.
 */
final class RouteFilters {

  static final String CORS = "envoy.filters.http.cors";
  static final String FAULT = "envoy.filters.http.fault";
  static final String LOCAL_RATE_LIMIT = "envoy.filters.http.local_ratelimit";

  /** As Istio: CORS first (a preflight is answered even under fault), then fault, rate limit. */
  static final List<String> ORDER = List.of(CORS, FAULT, LOCAL_RATE_LIMIT);

  static void fault(Fault fault, Route.Builder route) {
    HTTPFault.Builder out = HTTPFault.newBuilder();
    if (fault.delay() != null) {
      out.setDelay(
          FaultDelay.newBuilder()
              .setFixedDelay(Durations.fromNanos(fault.delay().fixedDelay().toNanos()))
              .setPercentage(Percents.of(fault.delay().percentage())));
    }
    if (fault.abort() != null) {
      FaultAbort.Builder abort =
          FaultAbort.newBuilder().setPercentage(Percents.of(fault.abort().percentage()));
      if (fault.abort().grpcStatus() >= 0) {
        abort.setGrpcStatus(fault.abort().grpcStatus());
      } else {
        abort.setHttpStatus(fault.abort().httpStatus());
      }
      out.setAbort(abort);
    }
    route.putTypedPerFilterConfig(FAULT, Any.pack(out.build()));
  }

  static void cors(Cors cors, Route.Builder route) {
    CorsPolicy.Builder out =
        CorsPolicy.newBuilder()
            .setFilterEnabled(RuntimeFractionalPercent.newBuilder().setDefaultValue(Percents.all()))
            .setForwardNotMatchingPreflights(BoolValue.of(cors.forwardUnmatchedPreflights()));
    cors.allowOrigins().forEach(o -> out.addAllowOriginStringMatch(RouteMatches.matcher(o)));
    out.setAllowMethods(String.join(",", cors.allowMethods()))
        .setAllowHeaders(String.join(",", cors.allowHeaders()))
        .setExposeHeaders(String.join(",", cors.exposeHeaders()));
    if (cors.maxAge() != null) {
      out.setMaxAge(Long.toString(cors.maxAge().toSeconds()));
    }
    if (cors.allowCredentials() != null) {
      out.setAllowCredentials(BoolValue.of(cors.allowCredentials()));
    }
    route.putTypedPerFilterConfig(CORS, Any.pack(out.build()));
  }

  static void localRateLimit(
      String routeName, VirtualService.LocalRateLimit limit, Route.Builder route) {
    RuntimeFractionalPercent all =
        RuntimeFractionalPercent.newBuilder().setDefaultValue(Percents.all()).build();
    LocalRateLimit out =
        LocalRateLimit.newBuilder()
            .setStatPrefix("local_rate_limit_" + routeName)
            .setTokenBucket(
                TokenBucket.newBuilder()
                    .setMaxTokens(limit.maxTokens())
                    .setTokensPerFill(UInt32Value.of(limit.tokensPerFill()))
                    .setFillInterval(Durations.fromNanos(limit.fillInterval().toNanos())))
            .setFilterEnabled(all)
            .setFilterEnforced(all)
            .build();
    route.putTypedPerFilterConfig(LOCAL_RATE_LIMIT, Any.pack(out));
  }

  private RouteFilters() {}
}
