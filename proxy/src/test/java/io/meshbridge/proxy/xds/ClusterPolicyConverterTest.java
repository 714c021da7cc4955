package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traffic-policy fields of a Cluster (docs/xds.md, the contract for issue 5). */
class ClusterPolicyConverterTest {

  private static final String BASE = """
      name: c
      type: EDS
      eds_cluster_config: {eds_config: {ads: {}, resource_api_version: V3}}
      connect_timeout: 1s
      """;

  @Test
  void convertsWhatPilotWritesForADestinationRule() throws Exception {
    ClusterConfig c = convert(BASE + """
        lb_policy: RING_HASH
        ring_hash_lb_config: {minimum_ring_size: 2048}
        circuit_breakers:
          thresholds:
          - {priority: DEFAULT, max_connections: 10, max_pending_requests: 5, max_requests: 20,
             max_retries: 3}
        outlier_detection:
          consecutive_5xx: 3
          consecutive_gateway_failure: 2
          interval: 5s
          base_ejection_time: 15s
          max_ejection_percent: 50
          enforcing_consecutive_5xx: 100
          enforcing_consecutive_gateway_failure: 100
          enforcing_success_rate: 0
        common_lb_config: {locality_weighted_lb_config: {}, healthy_panic_threshold: {value: 25}}
        """);

    assertThat(c.lbPolicy()).isEqualTo(LbPolicy.RING_HASH);
    assertThat(c.lb())
        .isEqualTo(new LbSettings(2048, LbSettings.MAX_RING_SIZE, 65537, Duration.ofSeconds(10),
            true, 25));
    assertThat(c.circuitBreakers()).isEqualTo(new CircuitBreakerThresholds(10, 5, 20, 3));
    assertThat(c.outlierDetection())
        .isEqualTo(new OutlierDetectionConfig(3, 2, Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(300), 50, 100, 100));
  }

  @Test
  void defaultsAreEnvoys() throws Exception {
    ClusterConfig c = convert(BASE + """
        circuit_breakers: {thresholds: [{max_requests: 7}]}
        outlier_detection: {}
        """);

    assertThat(c.circuitBreakers()).isEqualTo(new CircuitBreakerThresholds(1024, 1024, 7, 1024));
    assertThat(c.outlierDetection()).isEqualTo(OutlierDetectionConfig.ENVOY_DEFAULTS);
    assertThat(convert(BASE).outlierDetection()).isNull();
    assertThat(convert(BASE).circuitBreakers()).isEqualTo(CircuitBreakerThresholds.DEFAULTS);
  }

  @Test
  void readsIstiosNoLimitAsTheLargestLimit() throws Exception {
    ClusterConfig c = convert(BASE + """
        circuit_breakers: {thresholds: [{max_connections: 4294967295, max_pending_requests: 1,
          max_requests: 1, max_retries: 2147483648}]}
        """);

    assertThat(c.circuitBreakers())
        .isEqualTo(new CircuitBreakerThresholds(Integer.MAX_VALUE, 1, 1, Integer.MAX_VALUE));
  }

  @Test
  void readsMaglevAndPeakEwma() throws Exception {
    assertThat(convert(BASE + "lb_policy: MAGLEV\nmaglev_lb_config: {table_size: 251}\n").lb()
            .maglevTableSize())
        .isEqualTo(251);
    ClusterConfig ewma = convert(BASE + """
        load_balancing_policy:
          policies:
          - typed_extension_config:
              name: meshbridge.peak_ewma
              typed_config:
                '@type': type.googleapis.com/xds.type.v3.TypedStruct
                type_url: type.meshbridge.io/meshbridge.lb.PeakEwma
                value: {decay: 2.5s}
        """);
    assertThat(ewma.lbPolicy()).isEqualTo(LbPolicy.PEAK_EWMA);
    assertThat(ewma.lb().ewmaDecay()).isEqualTo(Duration.ofMillis(2500));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      high priority    | 'circuit_breakers: {thresholds: [{priority: HIGH, max_connections: 1}]}' \
        | 'circuit_breakers.thresholds[0].priority: HIGH is not supported (supported: DEFAULT)'
      retry budget     | 'circuit_breakers: {thresholds: [{retry_budget: {}}]}' \
        | 'circuit_breakers.thresholds[0].retry_budget: not supported (supported: priority, max_connections, max_pending_requests, max_requests, max_retries)'
      two defaults     | 'circuit_breakers: {thresholds: [{max_retries: 1}, {max_retries: 2}]}' \
        | 'circuit_breakers.thresholds[1]: a second DEFAULT priority entry (expected: one)'
      success rate     | 'outlier_detection: {enforcing_success_rate: 100}' \
        | 'outlier_detection.enforcing_success_rate: 100 (expected: 0 or unset; success-rate outlier detection is not implemented, only consecutive_5xx and consecutive_gateway_failure)'
      failure percent  | 'outlier_detection: {enforcing_failure_percentage: 10}' \
        | 'outlier_detection.enforcing_failure_percentage: 10 (expected: 0 or unset; failure-percentage outlier detection is not implemented, only consecutive_5xx and consecutive_gateway_failure)'
      split origin     | 'outlier_detection: {split_external_local_origin_errors: true}' \
        | 'outlier_detection.split_external_local_origin_errors: not supported (supported: consecutive_5xx, consecutive_gateway_failure, interval, base_ejection_time, max_ejection_time, max_ejection_percent, enforcing_consecutive_5xx, enforcing_consecutive_gateway_failure, enforcing_success_rate, enforcing_failure_percentage, enforcing_failure_percentage_local_origin, enforcing_local_origin_success_rate)'
      zero 5xx         | 'outlier_detection: {consecutive_5xx: 0}' \
        | 'outlier_detection.consecutive_5xx: 0 (expected: 1..2147483647)'
      percent > 100    | 'outlier_detection: {max_ejection_percent: 101}' \
        | 'outlier_detection.max_ejection_percent: 101 (expected: 0..100)'
      zero interval    | 'outlier_detection: {interval: 0s}' \
        | 'outlier_detection.interval: 0s (expected: a positive duration)'
      ring for RR      | 'ring_hash_lb_config: {minimum_ring_size: 8}' \
        | 'ring_hash_lb_config: only for lb_policy RING_HASH'
      ring too small   | 'lb_policy: RING_HASH, ring_hash_lb_config: {minimum_ring_size: 9, maximum_ring_size: 8}' \
        | 'ring_hash_lb_config.minimum_ring_size: 9 (expected: 1..maximum_ring_size 8)'
      murmur           | 'lb_policy: RING_HASH, ring_hash_lb_config: {hash_function: MURMUR_HASH_2}' \
        | 'ring_hash_lb_config.hash_function: MURMUR_HASH_2 is not supported (supported: XX_HASH)'
      maglev not prime | 'lb_policy: MAGLEV, maglev_lb_config: {table_size: 100}' \
        | 'maglev_lb_config.table_size: 100 (expected: a prime up to 5000011)'
      panic threshold  | 'common_lb_config: {healthy_panic_threshold: {value: 101}}' \
        | 'common_lb_config.healthy_panic_threshold.value: 101.0 (expected: 0..100)'
      zone aware       | 'common_lb_config: {zone_aware_lb_config: {}}' \
        | 'common_lb_config.zone_aware_lb_config: not supported (supported: locality_weighted_lb_config, healthy_panic_threshold)'
      unknown policy   | 'load_balancing_policy: {policies: [{typed_extension_config: {name: x, typed_config: {''@type'': type.googleapis.com/xds.type.v3.TypedStruct, type_url: type.x/Other}}}]}' \
        | 'load_balancing_policy.policies: no supported policy (supported: a TypedStruct of type_url type.meshbridge.io/meshbridge.lb.PeakEwma)'
      bad decay        | 'load_balancing_policy: {policies: [{typed_extension_config: {name: x, typed_config: {''@type'': type.googleapis.com/xds.type.v3.TypedStruct, type_url: type.meshbridge.io/meshbridge.lb.PeakEwma, value: {decay: soon}}}}]}' \
        | 'load_balancing_policy.policies[0].typed_extension_config.typed_config.value.decay: ''soon'' (expected: a positive duration string such as "10s")'
      policy + lb      | 'lb_policy: MAGLEV, load_balancing_policy: {policies: []}' \
        | 'lb_policy: MAGLEV together with load_balancing_policy (expected: unset, the policy comes from load_balancing_policy)'
      """)
  void rejectsWhatTheProxyDoesNotImplementNamingTheField(String shape, String yaml, String error) {
    Cluster cluster =
        YamlProtos.parse(BASE, Cluster.getDefaultInstance()).toBuilder()
            .mergeFrom(YamlProtos.parse("{" + yaml + "}", Cluster.getDefaultInstance()))
            .build();
    assertThatThrownBy(() -> ClusterConverter.convert(cluster))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Cluster c: " + error);
  }

  private static ClusterConfig convert(String yaml) throws InvalidResourceException {
    return ClusterConverter.convert(YamlProtos.parse(yaml, Cluster.getDefaultInstance())).config();
  }
}
