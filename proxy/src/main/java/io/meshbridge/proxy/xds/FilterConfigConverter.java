package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import io.meshbridge.proxy.config.FaultPolicy;
import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.HttpFilter;
import io.meshbridge.proxy.config.LocalRateLimitConfig;
import io.meshbridge.proxy.config.RouteFilters;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code typed_per_filter_config} → {@link RouteFilters}: {@code
 * envoy.filters.http.fault} (an {@code HTTPFault} with a fixed delay and an HTTP or gRPC abort)
 * {@code envoy.filters.http.local_ratelimit} (a {@code LocalRateLimit} token bucket) and {@code
 * envoy.filters.http.cors} (a {@code CorsPolicy}). Any other key or field is rejected by name.
 */
final class FilterConfigConverter {

  private FilterConfigConverter() {}

  static RouteFilters convert(Map<String, Any> configs, FieldChecker check, String path)
      throws InvalidResourceException {
    FaultPolicy fault = null;
    LocalRateLimitConfig rateLimit = null;
    io.meshbridge.proxy.config.CorsPolicy cors = null;
    for (var e : new TreeMap<>(configs).entrySet()) {
      String at = path + "[\"" + e.getKey() + "\"]";
      if (e.getKey().equals(HttpFilter.FAULT.envoyName())) {
        fault = fault(ListenerConverter.unpack(e.getValue(), HTTPFault.class, check, at), check, at);
      } else if (e.getKey().equals(HttpFilter.LOCAL_RATE_LIMIT.envoyName())) {
        rateLimit =
            rateLimit(ListenerConverter.unpack(e.getValue(), LocalRateLimit.class, check, at),
                check, at);
      } else if (e.getKey().equals(HttpFilter.CORS.envoyName())) {
        cors =
            CorsConverter.convert(
                ListenerConverter.unpack(e.getValue(), CorsPolicy.class, check, at), check, at);
      } else {
        throw check.invalid(
            at, "not supported (supported: " + HttpFilter.FAULT.envoyName() + ", "
                + HttpFilter.CORS.envoyName() + ", " + HttpFilter.LOCAL_RATE_LIMIT.envoyName()
                + ")");
      }
    }
    return fault == null && rateLimit == null && cors == null
        ? RouteFilters.NONE
        : new RouteFilters(fault, rateLimit, cors);
  }

  static FaultPolicy fault(HTTPFault f, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(f, path, "delay", "abort");
    FaultPolicy.Delay delay = null;
    if (f.hasDelay()) {
      FaultDelay d = f.getDelay();
      String at = join(path, "delay");
      check.onlySupported(d, at, "fixed_delay", "percentage");
      Duration fixed =
          ProtoDurations.positive(d.getFixedDelay())
              .orElseThrow(
                  () ->
                      check.invalid(
                          join(at, "fixed_delay"),
                          ProtoDurations.describe(d.getFixedDelay()) + " (expected: > 0s)"));
      delay = new FaultPolicy.Delay(fixed, fraction(d.getPercentage(), check, join(at, "percentage")));
    }
    FaultPolicy.Abort abort = null;
    if (f.hasAbort()) {
      FaultAbort a = f.getAbort();
      String at = join(path, "abort");
      check.onlySupported(a, at, "http_status", "grpc_status", "percentage");
      Fraction percentage = fraction(a.getPercentage(), check, join(at, "percentage"));
      abort =
          switch (a.getErrorTypeCase()) {
            case HTTP_STATUS -> {
              if (a.getHttpStatus() < 200 || a.getHttpStatus() > 599) {
                throw check.invalid(
                    join(at, "http_status"), a.getHttpStatus() + " (expected: 200..599)");
              }
              yield new FaultPolicy.Abort(a.getHttpStatus(), -1, percentage);
            }
            case GRPC_STATUS -> new FaultPolicy.Abort(200, a.getGrpcStatus(), percentage);
            default ->
                throw check.invalid(
                    join(at, "http_status"), "missing (expected: http_status or grpc_status)");
          };
    }
    return new FaultPolicy(delay, abort);
  }

  static LocalRateLimitConfig rateLimit(LocalRateLimit l, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        l, path, "stat_prefix", "token_bucket", "filter_enabled", "filter_enforced");
    if (l.getStatPrefix().isEmpty()) {
      throw check.invalid(join(path, "stat_prefix"), "missing (expected: a non-empty prefix)");
    }
    if (!l.hasTokenBucket()) {
      throw check.invalid(join(path, "token_bucket"), "missing (expected: a token bucket)");
    }
    TokenBucket b = l.getTokenBucket();
    String at = join(path, "token_bucket");
    check.onlySupported(b, at, "max_tokens", "tokens_per_fill", "fill_interval");
    if (b.getMaxTokens() < 1) {
      throw check.invalid(join(at, "max_tokens"), b.getMaxTokens() + " (expected: >= 1)");
    }
    long perFill = b.hasTokensPerFill() ? Integer.toUnsignedLong(b.getTokensPerFill().getValue()) : 1;
    if (perFill < 1) {
      throw check.invalid(join(at, "tokens_per_fill"), perFill + " (expected: >= 1)");
    }
    Duration interval = ProtoDurations.positive(b.getFillInterval()).orElse(Duration.ZERO);
    if (interval.toMillis() < 50) {
      throw check.invalid(
          join(at, "fill_interval"),
          ProtoDurations.describe(b.getFillInterval()) + " (expected: >= 0.050s, as Envoy)");
    }
    return new LocalRateLimitConfig(
        l.getStatPrefix(),
        Integer.toUnsignedLong(b.getMaxTokens()),
        perFill,
        interval,
        runtimeFraction(l.hasFilterEnabled() ? l.getFilterEnabled() : null, check,
            join(path, "filter_enabled")),
        runtimeFraction(l.hasFilterEnforced() ? l.getFilterEnforced() : null, check,
            join(path, "filter_enforced")));
  }

  /** Envoy's default for an absent {@code filter_enabled}/{@code filter_enforced} is 0 %. */
  static Fraction runtimeFraction(
      @Nullable RuntimeFractionalPercent r, FieldChecker check, String path)
      throws InvalidResourceException {
    if (r == null) {
      return new Fraction(0, 100);
    }
    check.onlySupported(r, path, "default_value", "runtime_key");
    return fraction(r.getDefaultValue(), check, join(path, "default_value"));
  }

  static Fraction fraction(FractionalPercent p, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(p, path, "numerator", "denominator");
    long denominator =
        switch (p.getDenominator()) {
          case HUNDRED -> 100;
          case TEN_THOUSAND -> 10_000;
          case MILLION -> 1_000_000;
          default ->
              throw check.invalid(
                  join(path, "denominator"),
                  p.getDenominatorValue() + " (expected: HUNDRED, TEN_THOUSAND or MILLION)");
        };
    return new Fraction(Integer.toUnsignedLong(p.getNumerator()), denominator);
  }
}
