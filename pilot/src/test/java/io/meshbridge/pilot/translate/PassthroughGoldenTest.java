package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.port;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Golden test of {@code loadBalancer.simple: PASSTHROUGH}: ORIGINAL_DST clusters, as Istio. */
class PassthroughGoldenTest {

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: legacy, namespace: shop}
      spec:
        host: legacy
        trafficPolicy:
          loadBalancer: {simple: PASSTHROUGH}
          portLevelSettings:
          - port: {number: 9090}
            loadBalancer: {simple: RANDOM}
        subsets:
        - name: v1
          labels: {version: v1}
      """;

  @Test
  void passthroughIsAnOriginalDstClusterPerPortAndSubset() {
    XdsResources r =
        Translator.translate(model(), PolicyFixtures.accepted(POLICY), PolicyFixtures.SIDECAR);

    assertThat(r.problems()).isEmpty();
    Map<String, Cluster> clusters =
        r.clusters().stream().collect(Collectors.toMap(Cluster::getName, Function.identity()));
    for (String name : List.of(
        "outbound|8080||legacy.shop.mesh", "outbound|8080|v1|legacy.shop.mesh")) {
      Cluster c = clusters.get(name);
      assertThat(c.getType()).as(name).isEqualTo(DiscoveryType.ORIGINAL_DST);
      assertThat(c.getLbPolicy()).as(name).isEqualTo(LbPolicy.CLUSTER_PROVIDED);
      assertThat(c.hasEdsClusterConfig()).as(name + " has no EDS").isFalse();
      assertThat(c.getOriginalDstLbConfig().getUseHttpHeader()).as(name).isTrue();
    }
    Cluster grpc = clusters.get("outbound|9090||legacy.shop.mesh");
    assertThat(grpc.getType()).as("the port's loadBalancer replaces PASSTHROUGH")
        .isEqualTo(DiscoveryType.EDS);
    assertThat(grpc.getLbPolicy()).isEqualTo(LbPolicy.RANDOM);
    GoldenFiles.assertMatches("passthrough", r);
  }

  static MeshModel model() {
    return MeshModel.of(
        List.of(service("shop", "legacy", port("http", 8080, Protocol.HTTP),
            port("grpc", 9090, Protocol.GRPC))),
        List.of());
  }
}
