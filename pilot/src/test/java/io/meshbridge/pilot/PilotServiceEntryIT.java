package io.meshbridge.pilot;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.pilot.policy.Rejection;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.InMemoryRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServiceEntries in the policy directory become the istio-config registry's services. */
class PilotServiceEntryIT {

  static final String ENTRIES =
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: shop}
      spec:
        hosts: [api.example.com]
        location: MESH_EXTERNAL
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}]
        endpoints: [{address: 127.0.0.1}, {address: 127.0.0.2}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: ext, namespace: shop}
      spec:
        hosts: [api.example.com]
        http: [{route: [{destination: {host: api.example.com}}], timeout: 2s}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: broken, namespace: shop}
      spec:
        hosts: [broken.example.com]
        ports: [{number: 80, name: http, protocol: HTTP}]
      """;

  private static final ServiceKey API = ServiceKey.of("shop", "api-example-com");

  @TempDir Path dir;

  @Test
  void serviceEntriesAreServedNextToOtherRegistriesAndBadOnesAreRejectedAlone() throws Exception {
    Files.writeString(dir.resolve("ext.yaml"), ENTRIES);
    InMemoryRegistry registry = new InMemoryRegistry("mem");
    IstioConfigRegistry istio = new IstioConfigRegistry();
    try (Pilot pilot =
        Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0), List.of(registry, istio))) {
      pilot.watchPolicies(dir, Duration.ofMillis(100));
      pilot.start();
      registry.publish(List.of(), List.of());
      await().untilAsserted(
          () -> assertThat(pilot.aggregate().model().endpointsOf(API))
              .extracting(Endpoint::address, Endpoint::source)
              .containsExactly(
                  org.assertj.core.groups.Tuple.tuple("127.0.0.1", "istio-config"),
                  org.assertj.core.groups.Tuple.tuple("127.0.0.2", "istio-config")));
      await().untilAsserted(() -> assertThat(pilot.policies().virtualServices()).hasSize(1));
      assertThat(pilot.policies().serviceEntries()).extracting(s -> s.name()).containsExactly("ext");
      assertThat(pilot.policies().rejections())
          .extracting(Rejection::toString)
          .containsExactly(
              "ServiceEntry shop/broken: spec.resolution: NONE (Istio's default) is not"
                  + " supported: it forwards to the original destination address, which needs"
                  + " traffic capture (expected: STATIC or DNS) (ext.yaml#3)");
      assertThat(pilot.aggregate().registries())
          .extracting(RegistryStatus::id)
          .containsExactly("mem", "istio-config");

      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", pilot.xdsPort()).usePlaintext().build();
      try (AdsClient client = new AdsClient(channel, Node.newBuilder().setId("se").build())) {
        client.subscribe(CLUSTER_TYPE_URL);
        List<String> names = new ArrayList<>();
        for (var any : client.next().getResourcesList()) {
          names.add(any.unpack(Cluster.class).getName());
        }
        assertThat(names).containsExactly("outbound|80||api-example-com.shop.mesh");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      Files.delete(dir.resolve("ext.yaml"));
      await().untilAsserted(
          () -> assertThat(pilot.aggregate().model().services()).doesNotContainKey(API));
    }
  }

  @Test
  void withoutTheIstioConfigRegistryServiceEntriesAreRejectedNamingWhy() throws Exception {
    Files.writeString(dir.resolve("ext.yaml"), ENTRIES);
    try (Pilot pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0), List.of())) {
      pilot.watchPolicies(dir, Duration.ofMillis(100));
      await().untilAsserted(
          () -> assertThat(pilot.policies().rejections())
              .extracting(Rejection::toString)
              .contains(
                  "ServiceEntry shop/ext: kind: this pilot has no istio-config registry to"
                      + " publish it (ext.yaml#1)"));
      assertThat(pilot.policies().serviceEntries()).isEmpty();
    }
  }
}
