package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterConverterTest {

  /** The cluster pilot sends (docs/xds.md). */
  private static final String PILOT_CLUSTER = """
      name: outbound|80||a.b.mesh
      type: EDS
      eds_cluster_config:
        eds_config: {ads: {}, resource_api_version: V3}
        service_name: outbound|80||a.b.mesh
      lb_policy: ROUND_ROBIN
      connect_timeout: 10s
      """;

  @Test
  void convertsWhatPilotSends() throws Exception {
    assertThat(ClusterConverter.convert(cluster(PILOT_CLUSTER))).isEqualTo(new ClusterResource(
        new ClusterConfig("outbound|80||a.b.mesh", "outbound|80||a.b.mesh", LbPolicy.ROUND_ROBIN,
            Duration.ofSeconds(10)),
        null));
  }

  @Test
  void defaultsToAdsTheClusterNameAndFiveSeconds() throws Exception {
    ClusterResource cluster = ClusterConverter.convert(cluster("""
        name: c
        type: EDS
        eds_cluster_config: {eds_config: {}}
        """));

    assertThat(cluster).isEqualTo(new ClusterResource(
        new ClusterConfig("c", "c", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(5)), null));
    assertThat(cluster.usesEds()).isTrue();
    assertThat(ClusterConverter.convert(cluster("{name: c, type: EDS}"))).isEqualTo(cluster);
  }

  @Test
  void convertsAStaticClusterWithItsEndpoints() throws Exception {
    ClusterResource cluster = ClusterConverter.convert(cluster("""
        name: local
        type: STATIC
        connect_timeout: 0.25s
        load_assignment:
          cluster_name: local
          endpoints:
          - lb_endpoints:
            - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 8080}}}
        """));

    assertThat(cluster).isEqualTo(new ClusterResource(
        new ClusterConfig("local", "local", LbPolicy.ROUND_ROBIN, Duration.ofMillis(250)),
        List.of(new EndpointConfig("127.0.0.1", 8080, Health.UNKNOWN, 1, Map.of()))));
    assertThat(cluster.usesEds()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"LEAST_REQUEST", "RANDOM", "ROUND_ROBIN", "RING_HASH", "MAGLEV"})
  void acceptsTheLbPoliciesTheDataPlaneImplements(String policy) throws Exception {
    ClusterResource converted =
        ClusterConverter.convert(
            cluster(PILOT_CLUSTER.replace("lb_policy: ROUND_ROBIN", "lb_policy: " + policy)));
    assertThat(converted.config().lbPolicy()).isEqualTo(LbPolicy.valueOf(policy));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      provided      | 'lb_policy: ROUND_ROBIN' | 'lb_policy: CLUSTER_PROVIDED' \
        | 'lb_policy: CLUSTER_PROVIDED is not supported (supported: ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH, MAGLEV, or load_balancing_policy with type.meshbridge.io/meshbridge.lb.PeakEwma)'
      lr config     | 'connect_timeout: 10s' | 'least_request_lb_config: {choice_count: 3}' \
        | 'least_request_lb_config: not supported (supported: name, type, eds_cluster_config, lb_policy, connect_timeout, load_assignment, metadata, circuit_breakers, outlier_detection, ring_hash_lb_config, maglev_lb_config, common_lb_config, load_balancing_policy, dns_refresh_rate, dns_lookup_family, respect_dns_ttl, typed_extension_protocol_options, transport_socket, transport_socket_matches, original_dst_lb_config, cleanup_interval)'
      logical DNS   | 'type: EDS' | 'type: LOGICAL_DNS' \
        | 'type: LOGICAL_DNS is not supported (supported: EDS, STATIC, STRICT_DNS, ORIGINAL_DST)'
      DNS on EDS    | 'connect_timeout: 10s' | 'dns_lookup_family: V4_ONLY' \
        | 'dns_lookup_family: only supported for type STRICT_DNS, not EDS'
      zero timeout  | 'connect_timeout: 10s' | 'connect_timeout: 0s' \
        | 'connect_timeout: 0s (expected: a positive duration)'
      TLS           | 'connect_timeout: 10s' | 'transport_socket: {name: tls}' \
        | 'transport_socket.typed_config: missing (expected: an envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext or envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer)'
      non-ADS EDS   | '{ads: {}, resource_api_version: V3}' | '{path_config_source: {path: /e.yaml}}' \
        | 'eds_cluster_config.eds_config.path_config_source: not supported (supported: ads, resource_api_version)'
      no ADS        | '{ads: {}, resource_api_version: V3}' | '{resource_api_version: V3}' \
        | 'eds_cluster_config.eds_config.ads: missing (expected: ads, the only config source)'
      V2 EDS        | 'resource_api_version: V3' | 'resource_api_version: V2' \
        | 'eds_cluster_config.eds_config.resource_api_version: V2 is not supported (supported: V3)'
      EDS inline    | 'connect_timeout: 10s' | 'load_assignment: {cluster_name: x}' \
        | 'load_assignment: not supported for type EDS (endpoints come from EDS)'
      """)
  void rejectsWhatTheDataPlaneCannotDo(String shape, String from, String to, String error) {
    String yaml = PILOT_CLUSTER.replace(from, to);
    assertThat(yaml).as("the test's replacement applies").isNotEqualTo(PILOT_CLUSTER);

    assertThatThrownBy(() -> ClusterConverter.convert(cluster(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Cluster outbound|80||a.b.mesh: " + error);
  }

  @Test
  void rejectsAStaticClusterWithoutEndpointsOrWithABadOne() {
    assertThatThrownBy(() -> ClusterConverter.convert(cluster("{name: s, type: STATIC}")))
        .hasMessage("Cluster s: load_assignment: missing "
            + "(expected: the endpoints of a STATIC cluster)");
    assertThatThrownBy(() -> ClusterConverter.convert(cluster("""
        name: s
        load_assignment:
          endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: a}}}}]}]
        """)))
        .hasMessage("Cluster s: load_assignment.endpoints[0].lb_endpoints[0].endpoint.address"
            + ".socket_address.port_value: 0 (expected: 1..65535)");
  }

  private static Cluster cluster(String yaml) {
    return YamlProtos.parse(yaml, Cluster.getDefaultInstance());
  }
}
