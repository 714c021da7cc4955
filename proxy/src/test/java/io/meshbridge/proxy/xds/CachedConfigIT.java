package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.MeshTlsFixture.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.dataplane.DataPlaneOptions;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LogCapture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import io.meshbridge.proxy.bootstrap.AdsApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Boot from the last known config: a proxy's accepted config is exported, a fresh proxy whose
 * pilot is down starts with it and serves a real backend, then pilot comes up and its change (an
 * updated cluster) replaces the cache. Delta: the first requests carry the cached versions in
 * initial_resource_versions. State of the world: pilot's response lists every cluster, so one it
 * removed meanwhile is removed. (The raw java-control-plane delta server ignores
 * initial_resource_versions, so it never names the cluster removed while the proxy was away;
 * pilot adds that, tested by vm-agent's CachedBootIT.)
 */
class CachedConfigIT {

  private static final String ROUTE_TO = "outbound|80||svc.shop.mesh";

  @ParameterizedTest
  @EnumSource(AdsApi.class)
  void servesTheCachedConfigWithoutPilotThenTakesPilotsChanges(AdsApi api) throws Exception {
    int listenerPort = freePort("127.0.0.1");
    int pilotPort = freePort("127.0.0.1");
    XdsSnapshot saved;
    try (Backend first = Backend.start("first"); Backend second = Backend.start("second")) {
      try (ControlPlane pilot = pilot(pilotPort)) {
        pilot.setSnapshot(snapshot("1", first.port(), listenerPort, true));
        try (ProxyServer proxy = proxy(pilotPort, null, api)) {
          await().until(proxy::ready);
          assertThat(get(listenerPort)).isEqualTo("first");
          saved = proxy.xdsSnapshot().orElseThrow();
        }
      }
      assertThat(saved.versions()).containsEntry("LDS", "1").containsEntry("CDS", "1");
      XdsSnapshot read = XdsSnapshot.parse("last-config", saved.toBytes());
      assertThat(read).isEqualTo(saved);

      // pilot is down: the cached config alone makes the proxy ready and serving
      try (ProxyServer proxy = proxy(pilotPort, read, api)) {
        await().until(proxy::ready);
        assertThat(get(listenerPort)).isEqualTo("first");
        XdsStatus status = proxy.xdsStatus();
        assertThat(status.connected()).isFalse();
        assertThat(status.fromCache()).isTrue();
        assertThat(status.version("LDS")).isEqualTo("1");

        // pilot comes up with a change: the cluster now goes to `second`, `old` is gone
        try (ControlPlane pilot = pilot(pilotPort)) {
          pilot.setSnapshot(snapshot("2", second.port(), listenerPort, false));
          await().untilAsserted(() -> assertThat(get(listenerPort)).isEqualTo("second"));
          await().untilAsserted(() -> assertThat(proxy.xdsStatus().fromCache()).isFalse());
          if (api == AdsApi.DELTA) {
            assertThat(pilot.requests(ResourceType.CDS).get(0).initialVersions())
                .containsKeys(ROUTE_TO, "old");
          } else {
            assertThat(pilot.requests(ResourceType.CDS).get(0).version()).isEqualTo("1");
            await().untilAsserted(() -> assertThat(clusterNames(proxy)).containsExactly(ROUTE_TO));
          }
        }
      }
    }
  }

  @Test
  void aCacheThatDoesNotConvertIsIgnoredWhole() throws Exception {
    int listenerPort = freePort("127.0.0.1");
    int pilotPort = freePort("127.0.0.1");
    try (Backend app = Backend.start("app")) {
      XdsSnapshot saved;
      try (ControlPlane pilot = pilot(pilotPort)) {
        pilot.setSnapshot(snapshot("1", app.port(), listenerPort, true));
        try (ProxyServer proxy = proxy(pilotPort, null, AdsApi.DELTA)) {
          await().until(proxy::ready);
          saved = proxy.xdsSnapshot().orElseThrow();
        }
      }
      XdsSnapshot broken = withBadCluster(saved, "old");
      try (LogCapture logs = new LogCapture(XdsClient.class);
          ProxyServer proxy = proxy(pilotPort, broken, AdsApi.DELTA)) {
        await().untilAsserted(() -> assertThat(logs.messages()).anySatisfy(m -> assertThat(m)
            .contains("Ignoring the cached xDS config")
            .contains("old").contains("eds_cluster_config")));
        try (ControlPlane pilot = pilot(pilotPort)) {
          assertThat(proxy.ready()).isFalse();
          assertThat(proxy.dataPlane().localAddress("outbound_" + listenerPort)).isEmpty();
          pilot.setSnapshot(snapshot("2", app.port(), listenerPort, false));
          await().until(proxy::ready);
          assertThat(proxy.xdsStatus().fromCache()).isFalse();
          assertThat(pilot.requests(ResourceType.CDS).get(0).initialVersions()).isEmpty();
          assertThat(get(listenerPort)).isEqualTo("app");
        }
      }
    }
  }

  /** {@code saved} with cluster {@code name} made invalid (EDS config on a STATIC cluster). */
  static XdsSnapshot withBadCluster(XdsSnapshot saved, String name) throws Exception {
    List<DeltaDiscoveryResponse> responses = new ArrayList<>();
    for (DeltaDiscoveryResponse response : saved.responses()) {
      DeltaDiscoveryResponse.Builder changed = response.toBuilder();
      for (Resource.Builder resource : changed.getResourcesBuilderList()) {
        if (resource.getName().equals(name)) {
          Cluster bad = resource.getResource().unpack(Cluster.class).toBuilder()
              .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setServiceName(name))
              .build();
          resource.setResource(Any.pack(bad));
        }
      }
      responses.add(changed.build());
    }
    return new XdsSnapshot(responses);
  }

  private static List<String> clusterNames(ProxyServer proxy) {
    return proxy.xdsSnapshot().orElseThrow().responses().stream()
        .filter(r -> r.getTypeUrl().equals(ResourceType.CDS.typeUrl()))
        .flatMap(r -> r.getResourcesList().stream().map(x -> x.getName()))
        .toList();
  }

  private static String get(int port) {
    return new Client(port).get("svc.shop.mesh", "/").body();
  }

  /** The outbound listener to a STATIC cluster at {@code appPort}, and optionally cluster `old`. */
  static Snapshot snapshot(String version, int appPort, int listenerPort, boolean withOld) {
    List<Cluster> clusters = withOld
        ? List.of(staticCluster(ROUTE_TO, appPort), staticCluster("old", appPort))
        : List.of(staticCluster(ROUTE_TO, appPort));
    Listener listener = MeshTlsResources.outbound("127.0.0.1", listenerPort, ROUTE_TO);
    return Snapshot.create(clusters, List.of(), List.of(listener), List.of(), List.of(), version);
  }

  /** A STATIC cluster {@code name} with one endpoint, 127.0.0.1:{@code port}. */
  static Cluster staticCluster(String name, int port) {
    Cluster cluster = MeshTlsResources.inboundCluster(port, port);
    return cluster.toBuilder().setName(name).setLoadAssignment(
        cluster.getLoadAssignment().toBuilder().setClusterName(name)).build();
  }

  static ControlPlane pilot(int port) {
    return new ControlPlane(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)));
  }

  /** A delta ADS proxy of pilot at {@code pilotPort}, started with {@code cached} when given. */
  static ProxyServer proxy(int pilotPort, @Nullable XdsSnapshot cached) {
    return proxy(pilotPort, cached, AdsApi.DELTA);
  }

  static ProxyServer proxy(int pilotPort, @Nullable XdsSnapshot cached, AdsApi api) {
    String yaml = """
        node: {id: vm-1, cluster: vm}
        dynamic_resources:
          ads_config:
            api_type: %s
            transport_api_version: V3
            grpc_services: [{envoy_grpc: {cluster_name: xds}}]
          lds_config: {ads: {}, resource_api_version: V3}
          cds_config: {ads: {}, resource_api_version: V3}
        static_resources:
          clusters:
          - name: xds
            type: STATIC
            connect_timeout: 1s
            typed_extension_protocol_options:
              envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                explicit_http_config: {http2_protocol_options: {}}
            load_assignment:
              cluster_name: xds
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}}]}]
        admin: {address: {socket_address: {address: 127.0.0.1, port_value: 0}}}
        """.formatted(api == AdsApi.DELTA ? "DELTA_GRPC" : "GRPC", pilotPort);
    try {
      return ProxyServer.start(
          BootstrapLoader.parse("vm-1.yaml", yaml), DataPlaneOptions.DEFAULTS, cached);
    } catch (BootstrapException e) {
      throw new IllegalStateException(e);
    }
  }
}
