package io.meshbridge.pilot.xds;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.concurrent.ScheduledSerialExecutor;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.DeltaAdsClient;
import io.meshbridge.pilot.translate.ProxyScope;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real java-control-plane server, wired as pilot wires it, over in-process gRPC. */
class DiscoveryServicesTest {

  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final Service ORDERS = service("shop", "orders", http(8080));
  private static final Service WEB = service("shop", "web", http(8080));
  private static final String ORDERS_CLUSTER = "outbound|8080||orders.shop.mesh";

  private final ScheduledSerialExecutor executor = new ScheduledSerialExecutor("test-xds");
  private final DiscoveryServices xds =
      new DiscoveryServices(executor, Clock.fixed(NOW, ZoneOffset.UTC));
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws IOException {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    xds.services().forEach(builder::addService);
    server = builder.build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    xds.close();
    executor.close();
  }

  private static MeshModel model(Service... services) {
    List<io.meshbridge.model.Endpoint> endpoints = new ArrayList<>();
    for (Service s : services) {
      endpoints.add(endpoint(s, "10.0.0.1", "files"));
    }
    return MeshModel.of(List.of(services), endpoints);
  }

  private static Node node(String id, String key, String value) {
    return Node.newBuilder()
        .setId(id)
        .setCluster("orders")
        .setUserAgentName("meshbridge")
        .setUserAgentVersion("0.1")
        .setMetadata(
            Struct.newBuilder().putFields(key, Value.newBuilder().setStringValue(value).build()))
        .build();
  }

  private static Node sidecar(String id) {
    return node(id, ProxyScope.BIND_ADDRESS_METADATA, "127.0.0.1");
  }

  private static DiscoveryResponse next(AdsClient client, String typeUrl) {
    DiscoveryResponse r = client.next();
    assertThat(r.getTypeUrl()).isEqualTo(typeUrl);
    return r;
  }

  /** The next {@code count} responses by type URL, in whatever order they come. */
  private static Map<String, DiscoveryResponse> nextByType(AdsClient client, int count) {
    Map<String, DiscoveryResponse> byType = new HashMap<>();
    for (int i = 0; i < count; i++) {
      DiscoveryResponse r = client.next();
      byType.put(r.getTypeUrl(), r);
    }
    return byType;
  }

  /** Subscribes like our proxy does and ACKs everything; returns the four responses by type. */
  private static Map<String, DiscoveryResponse> handshake(AdsClient client) {
    client.subscribe(LISTENER_TYPE_URL);
    client.subscribe(CLUSTER_TYPE_URL);
    Map<String, DiscoveryResponse> first = nextByType(client, 2);
    assertThat(first).containsOnlyKeys(LISTENER_TYPE_URL, CLUSTER_TYPE_URL);
    client.ack(first.get(LISTENER_TYPE_URL));
    client.ack(first.get(CLUSTER_TYPE_URL));
    client.subscribe(ROUTE_TYPE_URL, "8080");
    client.subscribe(ENDPOINT_TYPE_URL, ORDERS_CLUSTER);
    Map<String, DiscoveryResponse> second = nextByType(client, 2);
    assertThat(second).containsOnlyKeys(ROUTE_TYPE_URL, ENDPOINT_TYPE_URL);
    client.ack(second.get(ROUTE_TYPE_URL), "8080");
    client.ack(second.get(ENDPOINT_TYPE_URL), ORDERS_CLUSTER);
    Map<String, DiscoveryResponse> all = new HashMap<>(first);
    all.putAll(second);
    return all;
  }

  @Test
  void sotwClientGetsListenersAndClustersThenRoutesAndEndpointsAndAcks() throws Exception {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient client = new AdsClient(channel, sidecar("proxy-1"))) {
      Map<String, DiscoveryResponse> responses = handshake(client);

      assertThat(responses.get(LISTENER_TYPE_URL).getResources(0).unpack(Listener.class).getName())
          .isEqualTo("127.0.0.1_8080");
      await().untilAsserted(
          () -> {
            ProxyStatus status = xds.tracker().proxies().get(0);
            assertThat(status.nodeId()).isEqualTo("proxy-1");
            assertThat(status.cluster()).isEqualTo("orders");
            assertThat(status.userAgent()).isEqualTo("meshbridge/0.1");
            assertThat(status.connectedSince()).isEqualTo(NOW);
            assertThat(status.scope()).isEqualTo(new ProxyScope(ProxyScope.Kind.SIDECAR, "127.0.0.1"));
            for (DiscoveryResponse r : responses.values()) {
              assertThat(status.type(r.getTypeUrl()).ackedVersion()).isEqualTo(r.getVersionInfo());
            }
          });
    }
    await().until(() -> xds.tracker().proxies().isEmpty());
  }

  @Test
  void aModelChangePushesOnlyTheTypesThatChanged() throws Exception {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient client = new AdsClient(channel, sidecar("proxy-1"))) {
      handshake(client);

      // Only an endpoint changes: only EDS is pushed.
      Service orders = ORDERS;
      xds.publisher()
          .publish(
              MeshModel.of(
                  List.of(orders),
                  List.of(endpoint(orders, "10.0.0.1", "files"), endpoint(orders, "10.0.0.2", "files"))));
      DiscoveryResponse eds = next(client, ENDPOINT_TYPE_URL);
      assertThat(eds.getResources(0).unpack(ClusterLoadAssignment.class).getEndpoints(0)
          .getLbEndpointsCount()).isEqualTo(2);
      client.ack(eds, ORDERS_CLUSTER);

      // A service on the same port: clusters, endpoints and routes change, the listener does not.
      // Pushes for one snapshot go out in CDS, EDS, LDS, RDS order, so had LDS (or anything for
      // the first change) been pushed, it would show up before the RDS response.
      xds.publisher().publish(model(ORDERS, WEB));
      Set<String> types = new HashSet<>();
      DiscoveryResponse r;
      do {
        r = client.next();
        types.add(r.getTypeUrl());
      } while (!r.getTypeUrl().equals(ROUTE_TYPE_URL));
      // (EDS may come after RDS if the EDS ACK above reaches the server after the snapshot.)
      assertThat(types).contains(CLUSTER_TYPE_URL, ROUTE_TYPE_URL).doesNotContain(LISTENER_TYPE_URL);
    }
  }

  @Test
  void aNackShowsInProxyTrackingWithItsMessage() {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient client = new AdsClient(channel, sidecar("proxy-1"))) {
      client.subscribe(LISTENER_TYPE_URL);
      DiscoveryResponse lds = next(client, LISTENER_TYPE_URL);

      client.nack(lds, "", "Listener 127.0.0.1_8080: address: cannot bind");

      await().untilAsserted(
          () -> {
            Nack nack = xds.tracker().proxies().get(0).type(LISTENER_TYPE_URL).lastNack();
            assertThat(nack).isEqualTo(
                new Nack(lds.getVersionInfo(), "Listener 127.0.0.1_8080: address: cannot bind", NOW));
          });
      assertThat(xds.tracker().proxies().get(0).type(LISTENER_TYPE_URL).ackedVersion()).isEmpty();
    }
  }

  @Test
  void aNackedTypeIsNotResentUntilItChanges() {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient client = new AdsClient(channel, sidecar("proxy-1"))) {
      client.subscribe(LISTENER_TYPE_URL);
      client.subscribe(CLUSTER_TYPE_URL);
      Map<String, DiscoveryResponse> first = nextByType(client, 2);
      client.nack(first.get(LISTENER_TYPE_URL), "", "Listener 127.0.0.1_8080: cannot bind");
      client.ack(first.get(CLUSTER_TYPE_URL));

      // Clusters change, listeners do not: an immediate resend of the rejected listeners would
      // come before the new clusters.
      xds.publisher().publish(model(ORDERS, WEB));
      assertThat(client.next().getTypeUrl()).isEqualTo(CLUSTER_TYPE_URL);

      // Listeners change (a new port): now they are sent again.
      xds.publisher().publish(model(ORDERS, WEB, service("shop", "admin", http(9901))));
      DiscoveryResponse r;
      do {
        r = client.next();
      } while (!r.getTypeUrl().equals(LISTENER_TYPE_URL));
      assertThat(r.getResourcesCount()).isEqualTo(2);
    }
  }

  @Test
  void deltaClientGetsResourcesAndRemovals() throws InvalidProtocolBufferException {
    xds.publisher().publish(model(ORDERS, WEB));
    try (DeltaAdsClient client = new DeltaAdsClient(channel, sidecar("delta-1"))) {
      client.subscribe(CLUSTER_TYPE_URL);
      DeltaDiscoveryResponse first = client.next();
      assertThat(first.getResourcesList()).extracting(Resource::getName)
          .containsExactlyInAnyOrder(ORDERS_CLUSTER, "outbound|8080||web.shop.mesh");
      client.ack(first);
      await().untilAsserted(
          () -> assertThat(xds.tracker().proxies().get(0).type(CLUSTER_TYPE_URL).ackedVersion())
              .isEqualTo(first.getSystemVersionInfo()));

      xds.publisher().publish(model(ORDERS));
      DeltaDiscoveryResponse second = client.next();
      assertThat(second.getResourcesList()).isEmpty();
      assertThat(second.getRemovedResourcesList()).containsExactly("outbound|8080||web.shop.mesh");
      assertThat(xds.tracker().proxies().get(0).delta()).isTrue();
    }
  }

  @Test
  void twoScopesGetDifferentListeners() throws Exception {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient sidecar = new AdsClient(channel, node("a", ProxyScope.BIND_ADDRESS_METADATA, "127.0.0.2"));
        AdsClient proxyless = new AdsClient(channel, node("b", ProxyScope.PROXYLESS_METADATA, "true"))) {
      sidecar.subscribe(LISTENER_TYPE_URL);
      proxyless.subscribe(LISTENER_TYPE_URL);

      assertThat(next(sidecar, LISTENER_TYPE_URL).getResources(0).unpack(Listener.class).getName())
          .isEqualTo("127.0.0.2_8080");
      List<String> names = new ArrayList<>();
      for (var any : next(proxyless, LISTENER_TYPE_URL).getResourcesList()) {
        names.add(any.unpack(Listener.class).getName());
      }
      assertThat(names).containsExactly("orders.shop.mesh:8080", "orders.shop:8080");
    }
  }

  @Test
  void aNodeWithAnInvalidBindAddressIsRejectedNamingTheField() {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient client = new AdsClient(channel, node("bad", ProxyScope.BIND_ADDRESS_METADATA, "nope"))) {
      client.subscribe(LISTENER_TYPE_URL);
      await().until(() -> client.error() != null);
      Status status = Status.fromThrowable(client.error());
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("metadata.MESHBRIDGE_BIND_ADDRESS: 'nope'");
    }
  }

  @Test
  void aNodeWithBadWorkloadMetadataIsRejectedNamingTheKey() {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient client = new AdsClient(channel, node("bad", "MESHBRIDGE_INBOUND", "8080"))) {
      client.subscribe(LISTENER_TYPE_URL);
      await().until(() -> client.error() != null);
      Status status = Status.fromThrowable(client.error());
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription())
          .isEqualTo("node 'bad': metadata.NAMESPACE: required with MESHBRIDGE_INBOUND"
              + " (expected: the workload's namespace and SERVICE_ACCOUNT)");
    }
  }

  @Test
  void sourceLabelsGiveAConnectedNodeTheRoutesItsLabelsSelect() throws Exception {
    xds.publisher().publish(model(ORDERS));
    Node web = labelled("web-1", "web");
    try (AdsClient client = new AdsClient(channel, web)) {
      client.subscribe(ROUTE_TYPE_URL, "8080");
      DiscoveryResponse before = next(client, ROUTE_TYPE_URL);
      assertThat(routeNames(before)).containsExactly("");
      client.ack(before, "8080");
      await().until(() -> before.getVersionInfo().equals(
          xds.tracker().proxies().get(0).type(ROUTE_TYPE_URL).ackedVersion()));

      String yaml =
          """
          apiVersion: networking.istio.io/v1
          kind: VirtualService
          metadata: {name: orders, namespace: shop}
          spec:
            hosts: [orders]
            http:
            - {name: web, match: [{sourceLabels: {app: web}}], route: [{destination: {host: orders}}]}
            - {name: rest, route: [{destination: {host: orders}}]}
          """;
      var parsed = io.meshbridge.pilot.policy.PolicyParser.parse("p.yaml", yaml);
      xds.publisher().publish(model(ORDERS),
          io.meshbridge.pilot.policy.PolicySet.of(parsed.resources(), List.of()));

      // The node stays in its group (its full scope); its watch is answered once, with the
      // routes its label now selects.
      DiscoveryResponse after = next(client, ROUTE_TYPE_URL);
      assertThat(routeNames(after)).containsExactly("web", "rest");
    }
    try (AdsClient other = new AdsClient(channel, labelled("api-1", "api"))) {
      other.subscribe(ROUTE_TYPE_URL, "8080");
      assertThat(routeNames(next(other, ROUTE_TYPE_URL))).containsExactly("rest");
    }
  }

  private static Node labelled(String id, String app) {
    Struct labels =
        Struct.newBuilder()
            .putFields("app", Value.newBuilder().setStringValue(app).build())
            .putFields("pod", Value.newBuilder().setStringValue(id).build())
            .build();
    return sidecar(id).toBuilder()
        .setMetadata(sidecar(id).getMetadata().toBuilder()
            .putFields(ProxyScope.LABELS_METADATA, Value.newBuilder().setStructValue(labels).build()))
        .build();
  }

  private static List<String> routeNames(DiscoveryResponse r) throws InvalidProtocolBufferException {
    var config = r.getResources(0).unpack(io.envoyproxy.envoy.config.route.v3.RouteConfiguration.class);
    return config.getVirtualHosts(0).getRoutesList().stream()
        .map(io.envoyproxy.envoy.config.route.v3.Route::getName).toList();
  }
}
