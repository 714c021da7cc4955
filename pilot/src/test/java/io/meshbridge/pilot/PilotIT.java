package io.meshbridge.pilot;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.debounce.DebounceSettings;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.InMemoryRegistry;
import io.meshbridge.pilot.testing.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded pilot on loopback, fed by a real file registry, restarted on the same port. */
class PilotIT {

  private static final Node NODE = Node.newBuilder().setId("it").setUserAgentName("envoy").build();

  @TempDir Path dir;

  private static String service(String name, int port) {
    return """
        services:
          - name: %s
            namespace: shop
            ports: [{name: http, number: %d}]
            endpoints: [{address: 127.0.0.1}]
        """
        .formatted(name, port);
  }

  private static List<String> clusterNames(DiscoveryResponse cds)
      throws InvalidProtocolBufferException {
    List<String> names = new ArrayList<>();
    for (var any : cds.getResourcesList()) {
      names.add(any.unpack(Cluster.class).getName());
    }
    return names;
  }

  private Pilot pilotFromConfig(Path registryDir, int xdsPort) throws IOException {
    Path config = dir.resolve("pilot.yaml");
    Files.writeString(
        config,
        """
        xds: {plaintext: true, bindAddress: 127.0.0.1, port: %d, shutdownGracePeriod: 200ms}
        debounce: {quietPeriod: 20ms, maxDelay: 200ms}
        registries:
          - {type: file, id: files, directory: "%s"}
        """
            .formatted(xdsPort, registryDir));
    return PilotConfigurations.load(config).buildPilot();
  }

  private static DiscoveryResponse firstClusters(int port) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try (AdsClient client = new AdsClient(channel, NODE)) {
      client.subscribe(CLUSTER_TYPE_URL);
      return client.next();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void fileChangesReachProxiesAndPilotRestartsOnTheSamePort() throws Exception {
    Path registry = Files.createDirectory(dir.resolve("registry"));
    Files.writeString(registry.resolve("orders.yaml"), service("orders", 8080));

    int port;
    try (Pilot pilot = pilotFromConfig(registry, 0)) {
      pilot.start();
      port = pilot.xdsPort();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try (AdsClient client = new AdsClient(channel, NODE)) {
        client.subscribe(CLUSTER_TYPE_URL);
        DiscoveryResponse first = client.next();
        assertThat(clusterNames(first)).containsExactly("outbound|8080||orders.shop.mesh");
        client.ack(first);

        Files.writeString(registry.resolve("web.yaml"), service("web", 9090));
        DiscoveryResponse second = client.next();
        assertThat(clusterNames(second))
            .containsExactly("outbound|8080||orders.shop.mesh", "outbound|9090||web.shop.mesh");
        assertThat(pilot.aggregate().registries())
            .extracting(RegistryStatus::id, RegistryStatus::synced)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("files", true));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    try (Pilot restarted = pilotFromConfig(registry, port)) {
      restarted.start();
      assertThat(restarted.xdsPort()).isEqualTo(port);
      assertThat(clusterNames(firstClusters(port))).hasSize(2);
    }
  }

  @Test
  void nothingIsPushedUntilEveryRegistryHasPublished() throws Exception {
    InMemoryRegistry a = new InMemoryRegistry("a");
    InMemoryRegistry b = new InMemoryRegistry("b");
    Service orders = Models.service("shop", "orders", Models.http(8080));
    Service web = Models.service("shop", "web", Models.http(9090));
    try (Pilot pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0), List.of(a, b))) {
      pilot.start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", pilot.xdsPort()).usePlaintext().build();
      try (AdsClient client = new AdsClient(channel, NODE)) {
        client.subscribe(CLUSTER_TYPE_URL);
        await().until(() -> !pilot.proxies().isEmpty() && !pilot.proxies().get(0).nodeId().isEmpty());

        a.publish(List.of(orders), List.of());
        b.publish(List.of(web), List.of());

        // Had pilot pushed after a's snapshot alone, the first response would lack web.
        assertThat(clusterNames(client.next()))
            .containsExactly("outbound|8080||orders.shop.mesh", "outbound|9090||web.shop.mesh");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aRegistryThatNeverPublishesDelaysTheFirstPushOnlyUntilTheSyncTimeout() throws Exception {
    InMemoryRegistry a = new InMemoryRegistry("a");
    InMemoryRegistry silent = new InMemoryRegistry("silent");
    PilotOptions options =
        new PilotOptions(
            "127.0.0.1", 0, Duration.ofMillis(200), DebounceSettings.DEFAULT, Duration.ofMillis(300));
    try (Pilot pilot = Pilot.create(options, List.of(a, silent))) {
      pilot.start();
      a.publish(List.of(Models.service("shop", "orders", Models.http(8080))), List.of());

      assertThat(clusterNames(firstClusters(pilot.xdsPort())))
          .containsExactly("outbound|8080||orders.shop.mesh");
    }
    assertThat(a.closed()).isTrue();
  }

  @Test
  void withoutRegistriesTheEmptyMeshIsServedAtOnce() throws Exception {
    try (Pilot pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0), List.of())) {
      pilot.start();
      assertThat(firstClusters(pilot.xdsPort()).getResourcesCount()).isZero();
      await().until(() -> pilot.proxies().isEmpty());
    }
  }
}
