package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.pilot.translate.ProxyScope.Interception;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import org.junit.jupiter.api.Test;

/**
 * Golden test of a sidecar with {@code INTERCEPTION_MODE: TPROXY}: Istio's virtual outbound
 * listener (transparent, use_original_dst) and PassthroughCluster, next to the usual resources.
 */
class TproxyGoldenTest {

  private static final ProxyScope TPROXY =
      new ProxyScope(Kind.SIDECAR, "127.0.0.1").withInterception(Interception.TPROXY);

  @Test
  void aTproxySidecarGetsTheVirtualOutboundListenerAndPassthroughCluster() {
    XdsResources r = Translator.translate(PassthroughGoldenTest.model(),
        PolicyFixtures.accepted(PassthroughGoldenTest.POLICY), TPROXY);

    assertThat(r.problems()).isEmpty();
    Listener virtual = r.listeners().stream()
        .filter(l -> l.getName().equals("virtualOutbound")).findFirst().orElseThrow();
    assertThat(virtual.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
    assertThat(virtual.getAddress().getSocketAddress().getPortValue()).isEqualTo(15001);
    assertThat(virtual.getTransparent().getValue()).isTrue();
    assertThat(virtual.getUseOriginalDst().getValue()).isTrue();
    assertThat(virtual.getTrafficDirection()).isEqualTo(TrafficDirection.OUTBOUND);
    assertThat(virtual.getListenerFilters(0).getName())
        .isEqualTo("envoy.filters.listener.original_dst");
    Cluster passthrough = r.clusters().stream()
        .filter(c -> c.getName().equals("PassthroughCluster")).findFirst().orElseThrow();
    assertThat(passthrough.getType()).isEqualTo(Cluster.DiscoveryType.ORIGINAL_DST);
    assertThat(passthrough.getLbPolicy()).isEqualTo(Cluster.LbPolicy.CLUSTER_PROVIDED);
    assertThat(r.endpoints())
        .noneMatch(a -> a.getClusterName().equals("PassthroughCluster"));
    GoldenFiles.assertMatches("tproxy", r);
  }

  @Test
  void otherModesAndProxylessClientsGetNoVirtualListener() {
    for (ProxyScope scope : new ProxyScope[] {
        new ProxyScope(Kind.SIDECAR, "127.0.0.1"),
        new ProxyScope(Kind.SIDECAR, "127.0.0.1").withInterception(Interception.NONE),
        new ProxyScope(Kind.PROXYLESS, "0.0.0.0").withInterception(Interception.TPROXY)}) {
      XdsResources r = Translator.translate(PassthroughGoldenTest.model(), scope);

      assertThat(r.listeners()).as(scope.toString())
          .noneMatch(l -> l.getName().equals("virtualOutbound"));
      assertThat(r.clusters()).as(scope.toString())
          .noneMatch(c -> c.getName().equals("PassthroughCluster"));
    }
  }
}
