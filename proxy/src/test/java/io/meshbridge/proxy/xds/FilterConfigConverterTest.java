package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.config.FaultPolicy;
import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.LocalRateLimitConfig;
import io.meshbridge.proxy.config.RouteFilters;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route {@code typed_per_filter_config}: fault injection and local rate limit. */
class FilterConfigConverterTest {

  private static final String FAULT =
      "\"@type\": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault";
  private static final String RATE_LIMIT =
      "\"@type\": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";

  @Test
  void convertsWhatPilotWrites() throws Exception {
    RouteFilters filters = filtersOf("""
        envoy.filters.http.fault:
          %s
          delay: {fixed_delay: 0.2s, percentage: {numerator: 50}}
          abort: {grpc_status: 14, percentage: {numerator: 25, denominator: TEN_THOUSAND}}
        envoy.filters.http.local_ratelimit:
          %s
          stat_prefix: http_local_rate_limiter
          token_bucket: {max_tokens: 200, tokens_per_fill: 100, fill_interval: 1s}
          filter_enabled: {default_value: {numerator: 100}, runtime_key: local_rate_limit_enabled}
          filter_enforced: {default_value: {numerator: 100}}
        """.formatted(FAULT, RATE_LIMIT));

    assertThat(filters)
        .isEqualTo(
            new RouteFilters(
                new FaultPolicy(
                    new FaultPolicy.Delay(Duration.ofMillis(200), new Fraction(50, 100)),
                    new FaultPolicy.Abort(200, 14, new Fraction(25, 10_000))),
                new LocalRateLimitConfig(
                    "http_local_rate_limiter", 200, 100, Duration.ofSeconds(1), Fraction.ALL,
                    Fraction.ALL)));
  }

  @Test
  void anHttpAbortAndEnvoysDefaults() throws Exception {
    RouteFilters filters = filtersOf("""
        envoy.filters.http.fault: {%s, abort: {http_status: 503}}
        envoy.filters.http.local_ratelimit:
          %s
          stat_prefix: p
          token_bucket: {max_tokens: 1, fill_interval: 0.05s}
        """.formatted(FAULT, RATE_LIMIT));

    assertThat(filters.fault())
        .isEqualTo(new FaultPolicy(null, new FaultPolicy.Abort(503, -1, new Fraction(0, 100))));
    assertThat(filters.rateLimit())
        .isEqualTo(
            new LocalRateLimitConfig(
                "p", 1, 1, Duration.ofMillis(50), new Fraction(0, 100), new Fraction(0, 100)));
  }

  @Test
  void convertsACorsPolicy() throws Exception {
    RouteFilters filters = filtersOf("""
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
          allow_origin_string_match: [{exact: "https://a.example"}, {suffix: ".b.example"}]
          allow_methods: GET,POST
          allow_headers: x-a
          expose_headers: x-b
          max_age: "600"
          allow_credentials: true
        """);

    assertThat(filters.cors())
        .isEqualTo(
            new io.meshbridge.proxy.config.CorsPolicy(
                java.util.List.of(
                    io.meshbridge.proxy.config.StringMatch.exact("https://a.example"),
                    io.meshbridge.proxy.config.StringMatch.of(
                        io.meshbridge.proxy.config.StringMatch.Kind.SUFFIX, ".b.example", false)),
                "GET,POST", "x-a", "x-b", "600", true, Fraction.ALL, true));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown filter | 'envoy.filters.http.ext_authz: {"@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault}' \
        | 'typed_per_filter_config["envoy.filters.http.ext_authz"]: not supported (supported: envoy.filters.http.fault, envoy.filters.http.cors, envoy.filters.http.local_ratelimit)'
      wrong type     | 'envoy.filters.http.fault: {"@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit, stat_prefix: x}' \
        | 'typed_per_filter_config["envoy.filters.http.fault"]: cannot be decoded: Type of the Any message does not match the given class.'
      header abort   | 'envoy.filters.http.fault: {"@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault, abort: {header_abort: {}}}' \
        | 'typed_per_filter_config["envoy.filters.http.fault"].abort.header_abort: not supported (supported: http_status, grpc_status, percentage)'
      abort 600      | 'envoy.filters.http.fault: {"@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault, abort: {http_status: 600}}' \
        | 'typed_per_filter_config["envoy.filters.http.fault"].abort.http_status: 600 (expected: 200..599)'
      zero delay     | 'envoy.filters.http.fault: {"@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault, delay: {fixed_delay: 0s}}' \
        | 'typed_per_filter_config["envoy.filters.http.fault"].delay.fixed_delay: 0s (expected: > 0s)'
      max active     | 'envoy.filters.http.fault: {"@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault, max_active_faults: 1}' \
        | 'typed_per_filter_config["envoy.filters.http.fault"].max_active_faults: not supported (supported: delay, abort)'
      no bucket      | 'envoy.filters.http.local_ratelimit: {"@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit, stat_prefix: p}' \
        | 'typed_per_filter_config["envoy.filters.http.local_ratelimit"].token_bucket: missing (expected: a token bucket)'
      fast fill      | 'envoy.filters.http.local_ratelimit: {"@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit, stat_prefix: p, token_bucket: {max_tokens: 1, fill_interval: 0.01s}}' \
        | 'typed_per_filter_config["envoy.filters.http.local_ratelimit"].token_bucket.fill_interval: 0.010s (expected: >= 0.050s, as Envoy)'
      cors shadow    | 'envoy.filters.http.cors: {"@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy, shadow_enabled: {default_value: {numerator: 1}}}' \
        | 'typed_per_filter_config["envoy.filters.http.cors"].shadow_enabled: not supported (supported: allow_origin_string_match, allow_methods, allow_headers, expose_headers, max_age, allow_credentials, filter_enabled, forward_not_matching_preflights)'
      cors max age   | 'envoy.filters.http.cors: {"@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy, max_age: "1h"}' \
        | 'typed_per_filter_config["envoy.filters.http.cors"].max_age: ''1h'' (expected: a number of seconds)'
      descriptors    | 'envoy.filters.http.local_ratelimit: {"@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit, stat_prefix: p, stage: 1}' \
        | 'typed_per_filter_config["envoy.filters.http.local_ratelimit"].stage: not supported (supported: stat_prefix, token_bucket, filter_enabled, filter_enforced)'
      """)
  void rejectsBadFilterConfigNamingTheField(String shape, String config, String error) {
    assertThatThrownBy(() -> filtersOf(config))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("RouteConfiguration r: virtual_hosts[0].routes[0]." + error);
  }

  private static RouteFilters filtersOf(String typedPerFilterConfig)
      throws InvalidResourceException {
    return YamlProtos.convertOneRoute(
            "match: {prefix: /}\nroute: {cluster: c}\ntyped_per_filter_config:\n  "
                + typedPerFilterConfig.strip().replace("\n", "\n  "))
        .filters();
  }
}
