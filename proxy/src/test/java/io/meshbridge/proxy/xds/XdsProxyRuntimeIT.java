package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.cluster;
import static io.meshbridge.proxy.xds.XdsResources.endpoints;
import static io.meshbridge.proxy.xds.XdsResources.listener;
import static io.meshbridge.proxy.xds.XdsResources.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The production path: a bootstrap file, plaintext gRPC over Netty on loopback, a real pilot. */
class XdsProxyRuntimeIT {

  @ParameterizedTest
  @EnumSource(AdsApi.class)
  void startsFromABootstrapFileAndBecomesReady(AdsApi api, @TempDir Path dir) throws Exception {
    RecordingDataPlane dataPlane = new RecordingDataPlane();
    StatsRegistry stats = new StatsRegistry();
    try (ControlPlane pilot =
        new ControlPlane(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)))) {
      pilot.setSnapshot(Snapshot.create(
          List.of(cluster("c", 1)), List.of(endpoints("c", "10.1.1.1")),
          List.of(listener("127.0.0.1_18080", 18080, "18080")),
          List.of(route("18080", "c.mesh", "c")), List.of(), "1"));
      Path file = dir.resolve("proxy.yaml");
      Files.writeString(file, Files.readString(
          Path.of(XdsProxyRuntimeIT.class.getResource("/bootstrap/proxy.yaml").toURI()))
          .replace("address: 10.0.0.10, port_value: 15010", "address: 127.0.0.1, port_value: "
              + pilot.port())
          .replace("api_type: GRPC",
              api == AdsApi.DELTA ? "api_type: DELTA_GRPC" : "api_type: GRPC"));
      ProxyBootstrap bootstrap = BootstrapLoader.load(file);
      assertThat(bootstrap.adsApi()).isEqualTo(api);

      try (XdsProxyRuntime runtime = XdsProxyRuntime.start(bootstrap, dataPlane, stats)) {
        await().until(runtime::ready);

        assertThat(dataPlane.serving().endpointsOf("c")).extracting(e -> e.host())
            .containsExactly("10.1.1.1");
        assertThat(runtime.configDumpJson()).contains("\"name\": \"127.0.0.1_18080\"");
        assertThat(pilot.acks(ResourceType.LDS, "1").get(0).node().getId())
            .isEqualTo("orders-vm-1");
        assertThat(stats.prometheusText()).contains("xds_connected 1");
      }
      assertThat(stats.prometheusText()).contains("xds_connected 0");
    }
  }
}
