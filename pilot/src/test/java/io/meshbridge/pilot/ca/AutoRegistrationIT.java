package io.meshbridge.pilot.ca;

import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.aggregate.ServiceMapping;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.pilot.autoregister.HealthReports;
import io.meshbridge.pilot.autoregister.AutoRegistrationSettings;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.pilot.testing.AdsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-registration over pilot's mTLS port with real gRPC clients: a proxy naming a WorkloadGroup
 * gets a WorkloadEntry that another proxy sees in EDS; it outlives a disconnect by the grace period
 * only, a reconnect within it keeps it, and a proxy whose certificate is not the group's is
 * refused.
 */
class AutoRegistrationIT {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");
  static final SpiffeId CART = new SpiffeId("cluster.local", "shop", "cart");
  static final Duration GRACE = Duration.ofSeconds(2);
  static final ServiceKey SERVICE = new ServiceKey("shop", "orders-shop-mesh");
  static final String HEALTH = HealthReports.TYPE_URL;
  static final String CLUSTER = "outbound|8080||" + SERVICE.meshHostname();

  static final String POLICIES =
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: orders, namespace: shop}
      spec:
        hosts: [orders.shop.mesh]
        ports: [{number: 8080, name: http, protocol: HTTP}]
        resolution: STATIC
        workloadSelector: {labels: {app: orders}}
      ---
      apiVersion: networking.istio.io/v1
      kind: WorkloadGroup
      metadata: {name: orders, namespace: shop}
      spec:
        metadata: {labels: {app: orders}}
        template: {ports: {http: 9080}, serviceAccount: orders, network: vpc-1}
      """;

  @TempDir Path directory;
  @TempDir Path policies;
  final List<ManagedChannel> channels = new ArrayList<>();
  CertificateAuthority ca;
  Pilot pilot;
  CaServer server;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(policies.resolve("orders.yaml"), POLICIES);
    ca = CertificateAuthority.open(CaOptions.defaults(directory).withPort(0), null,
        java.time.Clock.systemUTC());
    pilot = Pilot.create(PilotOptions.defaults(), List.of(new IstioConfigRegistry()),
        ServiceMapping.IDENTITY, new AutoRegistrationSettings(GRACE));
    pilot.watchPolicies(policies, Duration.ofMillis(200));
    server = pilot.secureServer(ca);
    server.start();
    pilot.start();
    await().until(() -> pilot.aggregate().model().services().containsKey(SERVICE));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.stop();
    pilot.close();
  }

  @Test
  void aConnectedProxyIsAnEndpointThatAnotherProxySeesInEds() throws Exception {
    AdsClient watcher = new AdsClient(channel(CART), node("cart-1", Map.of()));
    watcher.subscribe(ENDPOINT_TYPE_URL, CLUSTER);
    DiscoveryResponse empty = watcher.next();
    assertThat(addresses(empty)).isEmpty();
    watcher.ack(empty, CLUSTER);

    AdsClient vm = new AdsClient(channel(ORDERS), vmNode("orders-vm", "10.1.2.3"));
    vm.subscribe(ENDPOINT_TYPE_URL, CLUSTER);

    DiscoveryResponse pushed = watcher.next();
    assertThat(addresses(pushed)).containsExactly("10.1.2.3:9080");
    await().untilAsserted(() -> assertThat(pilot.autoRegistry().entries()).singleElement()
        .satisfies(e -> {
          assertThat(e.entry().name()).isEqualTo("orders-10.1.2.3");
          assertThat(e.entry().workload().labels())
              .containsEntry("app", "orders").containsEntry("version", "v2");
          assertThat(e.entry().workload().network()).isEqualTo("vpc-1");
          assertThat(e.identity()).isEqualTo(ORDERS.uri());
          assertThat(e.connectedAt()).isNotNull();
        }));
    Endpoint endpoint = pilot.aggregate().model().endpointsOf(SERVICE).get(0);
    assertThat(endpoint.labels()).containsEntry("version", "v2");
    assertThat(pilot.autoRegistry().metrics().registrations()).isEqualTo(1);
    vm.close();
    watcher.close();
  }

  @Test
  void aDisconnectedProxyIsGoneAfterTheGracePeriodAndAReconnectWithinItKeepsTheEntry() {
    AdsClient vm = new AdsClient(channel(ORDERS), vmNode("orders-vm", "10.1.2.3"));
    vm.subscribe(ENDPOINT_TYPE_URL, CLUSTER);
    await().until(() -> pilot.aggregate().model().endpointsOf(SERVICE).size() == 1);
    long version = istioVersion();

    vm.close();
    await().untilAsserted(() -> assertThat(pilot.autoRegistry().entries()).singleElement()
        .satisfies(e -> assertThat(e.disconnectedAt()).isNotNull()));
    AdsClient again = new AdsClient(channel(ORDERS), vmNode("orders-vm", "10.1.2.3"));
    again.subscribe(ENDPOINT_TYPE_URL, CLUSTER);
    await().untilAsserted(() -> assertThat(pilot.autoRegistry().entries()).singleElement()
        .satisfies(e -> assertThat(e.connectedAt()).isNotNull()));
    // Twice the grace period later it is still there, and the model never changed.
    await().during(GRACE.multipliedBy(2)).atMost(GRACE.multipliedBy(4)).untilAsserted(() ->
        assertThat(pilot.aggregate().model().endpointsOf(SERVICE)).hasSize(1));
    assertThat(istioVersion()).isEqualTo(version);
    assertThat(pilot.autoRegistry().metrics().reconnects()).isEqualTo(1);

    // A crash: the channel goes away without closing the stream.
    channels.get(channels.size() - 1).shutdownNow();
    await().atMost(GRACE.multipliedBy(5))
        .until(() -> pilot.aggregate().model().endpointsOf(SERVICE).isEmpty());
    assertThat(pilot.autoRegistry().entries()).isEmpty();
    assertThat(pilot.autoRegistry().metrics().deletes()).isEqualTo(1);
  }

  @Test
  void aCertificateOfAnotherServiceAccountIsRefusedNamingBoth() {
    // The node claims its certificate's identity (else NodeIdentityCallbacks refuses it first).
    Node node = vmNode("orders-vm", "10.1.2.3").toBuilder()
        .setMetadata(vmNode("orders-vm", "10.1.2.3").getMetadata().toBuilder()
            .putFields("SERVICE_ACCOUNT", text("cart")))
        .build();
    AdsClient vm = new AdsClient(channel(CART), node);
    vm.subscribe(ENDPOINT_TYPE_URL, CLUSTER);
    await().until(() -> vm.error() != null);
    Status status = Status.fromThrowable(vm.error());
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .contains(CART.uri())
        .contains("WorkloadGroup shop/orders is for ns/shop/sa/orders");
    assertThat(pilot.autoRegistry().entries()).isEmpty();
    assertThat(pilot.autoRegistry().metrics().refusals("identity")).isEqualTo(1);
  }

  @Test
  void aMissingGroupClosesTheStreamFailedPreconditionAsIstio() {
    Node node = vmNode("orders-vm", "10.1.2.3").toBuilder()
        .setMetadata(vmNode("orders-vm", "10.1.2.3").getMetadata().toBuilder()
            .putFields("AUTO_REGISTER_GROUP", text("payments")))
        .build();
    AdsClient vm = new AdsClient(channel(ORDERS), node);
    vm.subscribe(ENDPOINT_TYPE_URL, CLUSTER);
    await().until(() -> vm.error() != null);
    Status status = Status.fromThrowable(vm.error());
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).contains("cannot find WorkloadGroup shop/payments");
    assertThat(pilot.autoRegistry().metrics().refusals("no_group")).isEqualTo(1);
  }

  @Test
  void healthReportsOverAdsMarkTheEndpointUnhealthyAndHealthyAgain() throws Exception {
    AdsClient vm = new AdsClient(channel(ORDERS), vmNode("orders-vm", "10.1.2.3"));
    vm.subscribe(ENDPOINT_TYPE_URL, CLUSTER);
    await().until(() -> pilot.aggregate().model().endpointsOf(SERVICE).size() == 1);
    vm.report(HEALTH, com.google.rpc.Status.newBuilder().setMessage("readiness failed").build());
    await().until(() -> pilot.aggregate().model().endpointsOf(SERVICE).get(0).health()
        == HealthStatus.UNHEALTHY);
    assertThat(pilot.autoRegistry().entries().get(0).healthy()).isFalse();
    vm.report(HEALTH, null);
    await().untilAsserted(() -> assertThat(pilot.aggregate().model().endpointsOf(SERVICE).get(0)
        .health()).as("stream error %s", vm.error()).isEqualTo(HealthStatus.HEALTHY));
    // The stream still serves.
    vm.subscribe(ENDPOINT_TYPE_URL, CLUSTER, "outbound|9999||none.mesh");
    assertThat(vm.error()).isNull();
    vm.close();
  }

  private long istioVersion() {
    return pilot.aggregate().registries().stream()
        .filter(r -> r.id().equals(IstioConfigRegistry.ID))
        .findFirst().orElseThrow().version();
  }

  static Node vmNode(String id, String ip) {
    return node(id, Map.of()).toBuilder()
        .setMetadata(Struct.newBuilder()
            .putFields("AUTO_REGISTER_GROUP", text("orders"))
            .putFields("NAMESPACE", text("shop"))
            .putFields("SERVICE_ACCOUNT", text("orders"))
            .putFields("INSTANCE_IPS", text(ip + ",fe80::1"))
            .putFields("LABELS", Value.newBuilder().setStructValue(
                Struct.newBuilder().putFields("version", text("v2"))).build()))
        .build();
  }

  static Node node(String id, Map<String, String> metadata) {
    Struct.Builder s = Struct.newBuilder();
    metadata.forEach((k, v) -> s.putFields(k, text(v)));
    return Node.newBuilder().setId(id).setCluster("shop").setMetadata(s).build();
  }

  static Value text(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  static List<String> addresses(DiscoveryResponse response) throws InvalidProtocolBufferException {
    List<String> out = new ArrayList<>();
    for (var any : response.getResourcesList()) {
      ClusterLoadAssignment cla = any.unpack(ClusterLoadAssignment.class);
      cla.getEndpointsList().forEach(l -> l.getLbEndpointsList().forEach(e -> out.add(
          e.getEndpoint().getAddress().getSocketAddress().getAddress() + ":"
              + e.getEndpoint().getAddress().getSocketAddress().getPortValue())));
    }
    return out;
  }

  private ManagedChannel channel(SpiffeId id) {
    KeyPair keys = Certificates.newKeyPair();
    try {
      SslContextBuilder tls = GrpcSslContexts.forClient()
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .keyManager(keys.getPrivate(), CertificateAuthorityTest.join(ca, keys, id));
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
          .overrideAuthority("localhost")
          .sslContext(tls.build())
          .build();
      channels.add(channel);
      return channel;
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}
