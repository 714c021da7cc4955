package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.port;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden test of TCP and TLS listeners with VirtualService tcp and tls routes. */
class L4PolicyGoldenTest {

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: db, namespace: shop}
      spec:
        host: db
        subsets: [{name: primary, labels: {role: primary}}, {name: replica, labels: {role: replica}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: db, namespace: shop}
      spec:
        hosts: [db]
        tcp:
        - match: [{port: 6000}]
          route: [{destination: {host: cache}}]
        - route:
          - {destination: {host: db, subset: primary}, weight: 90}
          - {destination: {host: db, subset: replica}, weight: 10}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: web, namespace: shop}
      spec:
        hosts: [web]
        tls:
        - match: [{port: 443, sniHosts: [shop.example.com]}]
          route: [{destination: {host: web-canary}}]
      """;

  @Test
  void tcpAndTlsListeners() throws InvalidProtocolBufferException {
    XdsResources r =
        Translator.translate(model(), PolicyFixtures.accepted(POLICY), PolicyFixtures.SIDECAR);

    assertThat(r.problems()).singleElement().asString()
        .contains("service shop/other port tcp (5432, TCP): TCP port 5432 is already routed to"
            + " service shop/db");
    assertThat(r.listeners()).extracting(Listener::getName)
        .containsExactly("127.0.0.1_443", "127.0.0.1_5432", "127.0.0.1_6000");
    TcpProxy db = proxy(r.listeners().get(1).getFilterChains(0));
    assertThat(db.getWeightedClusters().getClustersList()).extracting(c -> c.getName())
        .containsExactly("outbound|5432|primary|db.shop.mesh", "outbound|5432|replica|db.shop.mesh");
    Listener tls = r.listeners().get(0);
    assertThat(tls.getListenerFilters(0).getName()).isEqualTo(L4Listeners.TLS_INSPECTOR);
    assertThat(tls.getFilterChainsList())
        .extracting(c -> List.copyOf(c.getFilterChainMatch().getServerNamesList()))
        .containsExactly(
            List.of("shop.example.com"),
            List.of("web.shop.mesh", "web.shop"),
            List.of("web-canary.shop.mesh", "web-canary.shop"));
    assertThat(proxy(tls.getFilterChains(0)).getCluster())
        .isEqualTo("outbound|443||web-canary.shop.mesh");
    GoldenFiles.assertMatches("l4-policy", r);
  }

  @Test
  void tcpSourceLabelsPickTheRoutePerProxy() throws InvalidProtocolBufferException {
    String yaml =
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: db, namespace: shop}
        spec:
          hosts: [db]
          tcp:
          - match: [{sourceLabels: {app: batch}}]
            route: [{destination: {host: other}}]
          - route: [{destination: {host: db}}]
        """;
    var policies = PolicyFixtures.accepted(yaml);
    assertThat(ScopeNeeds.of(policies).labelKeys()).containsExactly("app");
    ProxyScope batch = new ProxyScope(ProxyScope.Kind.SIDECAR, "127.0.0.1",
        java.util.Map.of("app", "batch"), io.meshbridge.model.Locality.UNKNOWN);

    Listener forBatch = Translator.translate(model(), policies, batch).listeners().get(1);
    Listener forOthers =
        Translator.translate(model(), policies, PolicyFixtures.SIDECAR).listeners().get(1);

    assertThat(proxy(forBatch.getFilterChains(0)).getCluster())
        .isEqualTo("outbound|5432||other.shop.mesh");
    assertThat(proxy(forOthers.getFilterChains(0)).getCluster())
        .isEqualTo("outbound|5432||db.shop.mesh");
  }

  private static TcpProxy proxy(FilterChain chain) throws InvalidProtocolBufferException {
    return chain.getFilters(0).getTypedConfig().unpack(TcpProxy.class);
  }

  static MeshModel model() {
    Service db = service("shop", "db", port("tcp", 5432, Protocol.TCP));
    Service other = service("shop", "other", port("tcp", 5432, Protocol.TCP));
    Service cache = service("shop", "cache", port("tcp", 6000, Protocol.TCP));
    Service web = service("shop", "web", port("tls", 443, Protocol.TLS));
    Service canary = service("shop", "web-canary", port("tls", 443, Protocol.TLS));
    return MeshModel.of(List.of(db, other, cache, web, canary), List.of());
  }
}
