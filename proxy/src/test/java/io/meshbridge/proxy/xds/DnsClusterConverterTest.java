package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.DnsSettings.LookupFamily;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code type: STRICT_DNS} clusters, as pilot sends them for a DNS ServiceEntry. */
class DnsClusterConverterTest {

  /** The shape of pilot's golden {@code dns-service.json} (branch pilot-config). */
  private static final String PILOT_DNS_CLUSTER = """
      name: outbound|80||api-example-com.shop.mesh
      type: STRICT_DNS
      connect_timeout: 10s
      load_assignment:
        cluster_name: outbound|80||api-example-com.shop.mesh
        endpoints:
        - locality: {}
          load_balancing_weight: 2
          lb_endpoints:
          - endpoint: {address: {socket_address: {address: eu.api.example.com, port_value: 80}}}
            health_status: HEALTHY
            metadata:
              filter_metadata:
                meshbridge: {labels: {tier: eu}, source: istio-config}
            load_balancing_weight: 1
          - endpoint: {address: {socket_address: {address: 10.0.0.7, port_value: 8080}}}
            health_status: HEALTHY
            load_balancing_weight: 3
      """;

  @Test
  void convertsWhatPilotSendsWithEnvoysDefaults() throws Exception {
    ClusterResource cluster = ClusterConverter.convert(cluster(PILOT_DNS_CLUSTER));

    assertThat(cluster.config().dns())
        .isEqualTo(new DnsSettings(Duration.ofSeconds(5), LookupFamily.AUTO));
    assertThat(cluster.config().edsServiceName()).isEqualTo(cluster.config().name());
    assertThat(cluster.config().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(cluster.usesEds()).isFalse();
    assertThat(cluster.staticEndpoints()).containsExactly(
        new EndpointConfig("eu.api.example.com", 80, Health.HEALTHY, 1, Map.of("tier", "eu"),
            "//", 0, 2),
        new EndpointConfig("10.0.0.7", 8080, Health.HEALTHY, 3, Map.of(), "//", 0, 2));
  }

  @ParameterizedTest
  @EnumSource(LookupFamily.class)
  void readsTheRefreshRateAndEveryLookupFamily(LookupFamily family) throws Exception {
    ClusterResource cluster = ClusterConverter.convert(cluster(PILOT_DNS_CLUSTER.replace(
        "connect_timeout: 10s",
        "dns_refresh_rate: 0.5s\ndns_lookup_family: " + family + "\nrespect_dns_ttl: false")));

    assertThat(cluster.config().dns()).isEqualTo(new DnsSettings(Duration.ofMillis(500), family));
  }

  @Test
  void nonDnsClustersHaveNoDnsSettings() throws Exception {
    assertThat(ClusterConverter.convert(cluster(
        PILOT_DNS_CLUSTER.replace("type: STRICT_DNS", "type: STATIC"))).config().dns()).isNull();
  }

  @Test
  void rejectsAClusterWithoutLoadAssignment() {
    assertThatThrownBy(() -> ClusterConverter.convert(cluster("{name: d, type: STRICT_DNS}")))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Cluster d: load_assignment: missing "
            + "(expected: the endpoints of a STRICT_DNS cluster)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bad port       | 'port_value: 80}' | 'port_value: 70000}' \
        | 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value: 70000 (expected: 1..65535)'
      no port        | ', port_value: 80}' | '}' \
        | 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value: 0 (expected: 1..65535)'
      no host        | 'address: eu.api.example.com, ' | '' \
        | 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address: missing (expected: a host)'
      family         | 'connect_timeout: 10s' | 'dns_lookup_family: 7' \
        | 'dns_lookup_family: 7 is not supported (supported: AUTO, V4_ONLY, V6_ONLY, V4_PREFERRED, ALL)'
      ttl            | 'connect_timeout: 10s' | 'respect_dns_ttl: true' \
        | 'respect_dns_ttl: true is not supported (expected: false; the refresh rate applies)'
      zero refresh   | 'connect_timeout: 10s' | 'dns_refresh_rate: 0s' \
        | 'dns_refresh_rate: 0s (expected: at least 1ms)'
      tiny refresh   | 'connect_timeout: 10s' | 'dns_refresh_rate: 0.000001s' \
        | 'dns_refresh_rate: 0.000001s (expected: at least 1ms)'
      EDS config     | 'connect_timeout: 10s' | 'eds_cluster_config: {eds_config: {ads: {}}}' \
        | 'eds_cluster_config: not supported for type STRICT_DNS'
      """)
  void rejectsBadInputNamingTheClusterAndField(String shape, String from, String to, String error) {
    String yaml = PILOT_DNS_CLUSTER.replace(from, to);
    assertThat(yaml).as("the test's replacement applies").isNotEqualTo(PILOT_DNS_CLUSTER);

    assertThatThrownBy(() -> ClusterConverter.convert(cluster(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Cluster outbound|80||api-example-com.shop.mesh: " + error);
  }

  private static Cluster cluster(String yaml) {
    return YamlProtos.parse(yaml, Cluster.getDefaultInstance());
  }
}
