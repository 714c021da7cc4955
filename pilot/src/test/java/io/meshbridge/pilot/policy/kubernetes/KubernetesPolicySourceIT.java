package io.meshbridge.pilot.policy.kubernetes;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.Rejection;
import io.meshbridge.pilot.policy.VirtualService;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.InMemoryRegistry;
import io.meshbridge.pilot.testing.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pilot reading Istio resources from fabric8's mock API server (CRUD mode): created, updated and
 * deleted objects are followed by the applied policy, the model and xDS (CDS, RDS); a bad object
 * is rejected alone, and a bad update keeps the last good version.
 */
class KubernetesPolicySourceIT {

  private static final String RULE =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
      """;

  private static String route(String subset) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews, subset: %s}}]}]
        """
        .formatted(subset);
  }

  private static final String ENTRY =
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: shop}
      spec:
        hosts: [api.example.com]
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}]
        endpoints: [{address: 192.0.2.1}]
      """;

  private static final String BAD =
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: bad, namespace: shop}
      spec:
        hosts: [reviews]
        http: [{route: [{destination: {host: reviews}}], delegate: {name: other}}]
      """;

  private MockIstioCluster cluster;
  private Pilot pilot;
  private ManagedChannel channel;

  @BeforeEach
  void setUp() {
    cluster = new MockIstioCluster();
    InMemoryRegistry registry = new InMemoryRegistry("mem");
    pilot =
        Pilot.create(
            PilotOptions.defaults().withXds("127.0.0.1", 0),
            List.of(registry, new IstioConfigRegistry()));
    pilot.watchKubernetesPolicies(
        new KubernetesPolicySource(cluster.client(), List.of(), "v1", false));
    pilot.start();
    Service reviews = Models.service("shop", "reviews", Models.http(8080));
    registry.publish(List.of(reviews), List.of(Models.endpoint(reviews, "10.0.0.1", "mem")));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", pilot.xdsPort()).usePlaintext().build();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    pilot.close();
    cluster.close();
  }

  /** The clusters the routes of the reviews virtual host send to. */
  private static List<String> routeClusters(DiscoveryResponse response) throws Exception {
    List<String> clusters = new ArrayList<>();
    RouteConfiguration config = response.getResources(0).unpack(RouteConfiguration.class);
    for (var host : config.getVirtualHostsList()) {
      if (host.getName().startsWith("reviews.shop.mesh")) {
        host.getRoutesList().forEach(r -> clusters.add(r.getRoute().getCluster()));
      }
    }
    return clusters;
  }

  private static String subsetOf(PolicySet policies) {
    VirtualService vs = policies.virtualServices().get(0);
    return vs.http().get(0).destinations().get(0).subset();
  }

  @Test
  void createUpdateDeleteAreFollowedAndBadObjectsAreRejectedAlone() throws Exception {
    cluster.apply(RULE);
    cluster.apply(route("v1"));
    cluster.apply(ENTRY);
    await().untilAsserted(() -> assertThat(pilot.policies().virtualServices()).hasSize(1));
    assertThat(pilot.policies().virtualServices().get(0).source())
        .isEqualTo("kubernetes:shop/reviews");
    assertThat(subsetOf(pilot.policies())).isEqualTo("v1");
    await().untilAsserted(
        () -> assertThat(pilot.aggregate().model().services())
            .containsKey(ServiceKey.of("shop", "api-example-com")));
    try (AdsClient client = new AdsClient(channel, Node.newBuilder().setId("k8s").build())) {
      client.subscribe(CLUSTER_TYPE_URL);
      List<String> names = new ArrayList<>();
      for (var any : client.next().getResourcesList()) {
        names.add(any.unpack(Cluster.class).getName());
      }
      assertThat(names)
          .containsExactly(
              "outbound|8080|v1|reviews.shop.mesh", "outbound|8080|v2|reviews.shop.mesh",
              "outbound|8080||reviews.shop.mesh", "outbound|80||api-example-com.shop.mesh");
    }

    try (AdsClient routes = new AdsClient(channel, Node.newBuilder().setId("k8s-rds").build())) {
      routes.subscribe(ROUTE_TYPE_URL, "8080");
      DiscoveryResponse first = routes.next();
      assertThat(routeClusters(first)).containsExactly("outbound|8080|v1|reviews.shop.mesh");
      routes.ack(first, "8080");
      cluster.apply(route("v2"));
      assertThat(routeClusters(routes.next())).containsExactly("outbound|8080|v2|reviews.shop.mesh");
    }
    assertThat(subsetOf(pilot.policies())).isEqualTo("v2");

    cluster.apply(BAD);
    await().untilAsserted(
        () -> assertThat(pilot.policies().rejections())
            .extracting(Rejection::toString)
            .containsExactly(
                "VirtualService shop/bad: spec.http[0].delegate: not supported"
                    + " (kubernetes:shop/bad)"));
    assertThat(subsetOf(pilot.policies())).isEqualTo("v2");

    cluster.apply(route("v3"));
    await().untilAsserted(
        () -> assertThat(pilot.policies().rejections())
            .extracting(Rejection::toString)
            .contains(
                "VirtualService shop/reviews: spec.http[0].route[0].destination.subset: 'v3' is"
                    + " not defined by any DestinationRule for host reviews.shop.mesh"
                    + " (kubernetes:shop/reviews)"));

    cluster.delete("VirtualService", "shop", "reviews");
    cluster.delete("ServiceEntry", "shop", "ext");
    await().untilAsserted(
        () -> assertThat(pilot.policies().virtualServices())
            .extracting(VirtualService::name)
            .isEmpty());
    await().untilAsserted(
        () -> assertThat(pilot.aggregate().model().services())
            .doesNotContainKey(ServiceKey.of("shop", "api-example-com")));
  }

  @Test
  void anUpdateThatDoesNotParseKeepsTheLastGoodVersion() {
    cluster.apply(RULE);
    cluster.apply(route("v1"));
    await().untilAsserted(() -> assertThat(pilot.policies().virtualServices()).hasSize(1));

    cluster.apply(route("v2").replace("http:", "exportTo: [other]\n  http:"));
    await().untilAsserted(
        () -> assertThat(pilot.policies().rejections())
            .extracting(Rejection::toString)
            .containsExactly(
                "VirtualService shop/reviews: spec.exportTo: not supported; the last good version"
                    + " stays applied (kubernetes:shop/reviews)"));
    assertThat(subsetOf(pilot.policies())).isEqualTo("v1");
  }

  @Test
  void securityKindsAreReadAndReachTheInboundListenersOfAWorkload() throws Exception {
    cluster.apply(
        """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: shop}
        spec: {mtls: {mode: STRICT}}
        """);
    cluster.apply(
        """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: web-only, namespace: shop}
        spec:
          rules: [{from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]}]
        """);
    cluster.apply(
        """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: shop}
        spec: {action: CUSTOM, provider: {name: opa}}
        """);
    await().untilAsserted(() -> {
      assertThat(pilot.policies().peerAuthentications()).hasSize(1);
      assertThat(pilot.policies().authorizationPolicies()).hasSize(1);
      assertThat(pilot.policies().rejections()).extracting(Rejection::toString)
          .containsExactly("AuthorizationPolicy shop/ext: spec.provider: not supported"
              + " (kubernetes:shop/ext)");
    });
    com.google.protobuf.Struct inbound = com.google.protobuf.Struct.newBuilder()
        .putFields("port", com.google.protobuf.Value.newBuilder().setNumberValue(18080).build())
        .putFields("protocol", com.google.protobuf.Value.newBuilder().setStringValue("HTTP").build())
        .putFields("targetPort", com.google.protobuf.Value.newBuilder().setNumberValue(8081).build())
        .build();
    Node node = Node.newBuilder().setId("vm").setMetadata(com.google.protobuf.Struct.newBuilder()
        .putFields("NAMESPACE", com.google.protobuf.Value.newBuilder().setStringValue("shop").build())
        .putFields("SERVICE_ACCOUNT",
            com.google.protobuf.Value.newBuilder().setStringValue("orders").build())
        .putFields("MESHBRIDGE_INBOUND", com.google.protobuf.Value.newBuilder().setListValue(
            com.google.protobuf.ListValue.newBuilder().addValues(
                com.google.protobuf.Value.newBuilder().setStructValue(inbound))).build()))
        .build();
    try (AdsClient client = new AdsClient(channel, node)) {
      client.subscribe(io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL);
      io.envoyproxy.envoy.config.listener.v3.Listener listener = null;
      for (var any : client.next().getResourcesList()) {
        var l = any.unpack(io.envoyproxy.envoy.config.listener.v3.Listener.class);
        if (l.getName().equals("inbound_0.0.0.0_18080")) {
          listener = l;
        }
      }
      assertThat(listener).isNotNull();
      assertThat(listener.getFilterChainsList()).singleElement()
          .satisfies(c -> assertThat(c.getFilterChainMatch().getTransportProtocol())
              .isEqualTo("tls"));
      var hcm = listener.getFilterChains(0).getFilters(0).getTypedConfig().unpack(
          io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3
              .HttpConnectionManager.class);
      assertThat(hcm.getHttpFilters(0).getName()).isEqualTo("envoy.filters.http.rbac");
    }
  }
}
