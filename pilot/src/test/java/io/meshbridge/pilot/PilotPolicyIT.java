package io.meshbridge.pilot;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.policy.Rejection;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.InMemoryRegistry;
import io.meshbridge.pilot.testing.Models;
import io.meshbridge.pilot.translate.PolicyTranslatorGoldenTestAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pilot over a watched policy directory, served over ADS on loopback. */
class PilotPolicyIT {

  private static final Node NODE = Node.newBuilder().setId("policy-it").build();

  @TempDir Path dir;

  @Test
  void policyFilesArePushedAndABadEditKeepsTheLastGoodVersion() throws Exception {
    InMemoryRegistry registry = new InMemoryRegistry("mem");
    Service reviews = Models.service("shop", "reviews", Models.http(8080));
    Service ratings = Models.service("shop", "ratings", Models.http(8080));
    Path file = Files.writeString(dir.resolve("reviews.yaml"), PolicyTranslatorGoldenTestAccess.POLICY);
    try (Pilot pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0), List.of(registry))) {
      pilot.watchPolicies(dir, Duration.ofMillis(100));
      pilot.start();
      registry.publish(List.of(reviews, ratings), List.of());
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", pilot.xdsPort()).usePlaintext().build();
      try (AdsClient client = new AdsClient(channel, NODE)) {
        client.subscribe(CLUSTER_TYPE_URL);
        await().untilAsserted(() -> assertThat(pilot.policies().virtualServices()).hasSize(1));
        await().untilAsserted(
            () -> assertThat(clusterNames(client.next()))
                .contains("outbound|8080|v1|reviews.shop.mesh"));

        Files.writeString(file, PolicyTranslatorGoldenTestAccess.POLICY.replace("timeout: 1.5s", "timeout: soon"));
        await().untilAsserted(
            () -> assertThat(pilot.policies().rejections()).extracting(Rejection::toString)
                .containsExactly("VirtualService shop/reviews: spec.http[0].timeout: 'soon'"
                    + " (expected: a duration such as 1.5s, 250ms or 1m30s); the last good version"
                    + " stays applied (reviews.yaml#2)"));
        assertThat(pilot.policies().virtualServices()).hasSize(1);
        assertThat(pilot.translationProblems()).isEmpty();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> clusterNames(DiscoveryResponse response) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    for (var any : response.getResourcesList()) {
      names.add(any.unpack(Cluster.class).getName());
    }
    return names;
  }
}
