package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.meshbridge.proxy.config.OriginalDstConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code ORIGINAL_DST} clusters (DestinationRule PASSTHROUGH) through {@link ClusterConverter}. */
class OriginalDstConverterTest {

  @Test
  void convertsWhatPilotSendsForPassthrough() throws Exception {
    ClusterResource r = ClusterConverter.convert(cluster("""
        name: outbound|80||legacy.shop.mesh
        type: ORIGINAL_DST
        lb_policy: CLUSTER_PROVIDED
        connect_timeout: 10s
        original_dst_lb_config: {use_http_header: true}
        """));

    assertThat(r.staticEndpoints()).as("no endpoints of its own, none from EDS").isEmpty();
    assertThat(r.config().originalDst()).isEqualTo(new OriginalDstConfig(
        true, "x-envoy-original-dst-host", null, Duration.ofSeconds(5)));
  }

  @Test
  void readsHeaderNamePortOverrideAndCleanupInterval() throws Exception {
    ClusterResource r = ClusterConverter.convert(cluster("""
        name: o
        type: ORIGINAL_DST
        lb_policy: CLUSTER_PROVIDED
        cleanup_interval: 30s
        original_dst_lb_config:
          use_http_header: true
          http_header_name: x-dst
          upstream_port_override: 8443
        """));

    assertThat(r.config().originalDst()).isEqualTo(
        new OriginalDstConfig(true, "x-dst", 8443, Duration.ofSeconds(30)));
  }

  @Test
  void rejectsLoadBalancingEndpointsAndTheFieldsOnOtherTypes() {
    assertThatThrownBy(() -> ClusterConverter.convert(cluster(
        "{name: o, type: ORIGINAL_DST, lb_policy: ROUND_ROBIN}")))
        .hasMessage("Cluster o: lb_policy: ROUND_ROBIN (expected: CLUSTER_PROVIDED for type"
            + " ORIGINAL_DST)");
    assertThatThrownBy(() -> ClusterConverter.convert(cluster(
        "{name: o, type: ORIGINAL_DST, lb_policy: CLUSTER_PROVIDED, eds_cluster_config: {}}")))
        .hasMessageStartingWith("Cluster o: eds_cluster_config: not supported for type"
            + " ORIGINAL_DST");
    assertThatThrownBy(() -> ClusterConverter.convert(cluster("""
        name: o
        type: ORIGINAL_DST
        lb_policy: CLUSTER_PROVIDED
        original_dst_lb_config: {upstream_port_override: 70000}
        """)))
        .hasMessage("Cluster o: original_dst_lb_config.upstream_port_override: 70000"
            + " (expected: 1..65535)");
    assertThatThrownBy(() -> ClusterConverter.convert(cluster(
        "{name: e, type: EDS, original_dst_lb_config: {use_http_header: true}}")))
        .hasMessage("Cluster e: original_dst_lb_config: only for type ORIGINAL_DST");
  }

  private static Cluster cluster(String yaml) {
    return YamlProtos.parse(yaml, Cluster.getDefaultInstance());
  }
}
