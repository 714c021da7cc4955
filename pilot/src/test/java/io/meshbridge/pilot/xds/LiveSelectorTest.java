package io.meshbridge.pilot.xds;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.concurrent.ScheduledSerialExecutor;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.DeltaAdsClient;
import io.meshbridge.pilot.translate.ProxyScope;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: a policy whose {@code selector} is the first to read a label key reaches proxies that
 * are already connected, delta and state of the world, without a reconnect; proxies whose config
 * it does not change hear nothing.
 */
class LiveSelectorTest {

  private static final Service ORDERS = service("shop", "orders", http(8080));
  private static final Service WEB = service("shop", "web", http(8080));
  private static final String INBOUND = "inbound_0.0.0.0_18080";
  private static final String RBAC = "envoy.filters.http.rbac";

  private static final String DENY_ORDERS =
      """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: deny-orders, namespace: shop}
      spec:
        selector: {matchLabels: {app: orders}}
        action: DENY
        rules: [{}]
      """;

  private final ScheduledSerialExecutor executor = new ScheduledSerialExecutor("test-xds");
  private final DiscoveryServices xds = new DiscoveryServices(executor, Clock.systemUTC());
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

  @Test
  void aSelectorOnANewLabelKeyReachesAConnectedDeltaProxy() throws Exception {
    xds.publisher().publish(model(ORDERS));
    try (DeltaAdsClient orders = new DeltaAdsClient(channel, workload("orders-1", "orders"));
        DeltaAdsClient web = new DeltaAdsClient(channel, workload("web-1", "web"))) {
      for (DeltaAdsClient client : List.of(orders, web)) {
        client.subscribe(CLUSTER_TYPE_URL);
        client.subscribe(LISTENER_TYPE_URL);
        for (int i = 0; i < 2; i++) {
          DeltaDiscoveryResponse first = client.next();
          if (first.getTypeUrl().equals(LISTENER_TYPE_URL)) {
            assertThat(httpFilters(inbound(first))).doesNotContain(RBAC);
          }
          client.ack(first);
        }
      }
      await().until(() -> xds.tracker().proxies().size() == 2 && xds.tracker().proxies().stream()
          .allMatch(p -> !p.type(LISTENER_TYPE_URL).ackedVersion().isEmpty()));

      xds.publisher().publish(model(ORDERS), policies(DENY_ORDERS));

      DeltaDiscoveryResponse changed = orders.next();
      assertThat(changed.getTypeUrl()).isEqualTo(LISTENER_TYPE_URL);
      assertThat(httpFilters(inbound(changed))).contains(RBAC);
      orders.ack(changed);

      // The policy does not select web: its listeners are the same, so it hears nothing about
      // them. A later change of clusters only is the next thing it hears.
      xds.publisher().publish(model(ORDERS, WEB), policies(DENY_ORDERS));
      assertThat(web.next().getTypeUrl()).isEqualTo(CLUSTER_TYPE_URL);
      assertThat(orders.next().getTypeUrl()).isEqualTo(CLUSTER_TYPE_URL);
      assertThat(orders.error()).isNull();
    }
  }

  @Test
  void aSelectorOnANewLabelKeyReachesAConnectedSotwProxyInOnePush() throws Exception {
    xds.publisher().publish(model(ORDERS));
    try (AdsClient orders = new AdsClient(channel, workload("orders-1", "orders"))) {
      orders.subscribe(LISTENER_TYPE_URL);
      DiscoveryResponse before = orders.next();
      assertThat(httpFilters(inbound(before))).doesNotContain(RBAC);
      orders.ack(before);
      await().until(() -> before.getVersionInfo().equals(
          xds.tracker().proxies().get(0).type(LISTENER_TYPE_URL).ackedVersion()));

      xds.publisher().publish(model(ORDERS), policies(DENY_ORDERS));

      // The very next response has the policy: no extra push of the old listeners first.
      DiscoveryResponse after = orders.next();
      assertThat(after.getTypeUrl()).isEqualTo(LISTENER_TYPE_URL);
      assertThat(httpFilters(inbound(after))).contains(RBAC);
    }
  }

  private static MeshModel model(Service... services) {
    return MeshModel.of(List.of(services),
        java.util.Arrays.stream(services).map(s -> endpoint(s, "10.0.0.1", "files")).toList());
  }

  private static PolicySet policies(String yaml) {
    PolicyParser.Result parsed = PolicyParser.parse("p.yaml", yaml);
    assertThat(parsed.rejections()).isEmpty();
    return PolicySet.of(parsed.resources(), List.of());
  }

  /** A sidecar of shop/{@code app} with labels app and pod, and one inbound HTTP port 18080. */
  static Node workload(String id, String app) {
    Struct inbound = Struct.newBuilder()
        .putFields("port", Value.newBuilder().setNumberValue(18080).build())
        .putFields("protocol", string("HTTP"))
        .putFields("targetPort", Value.newBuilder().setNumberValue(8081).build())
        .build();
    Struct labels = Struct.newBuilder()
        .putFields("app", string(app))
        .putFields("pod", string(id))
        .build();
    return Node.newBuilder().setId(id).setCluster(app).setUserAgentName("meshbridge")
        .setMetadata(Struct.newBuilder()
            .putFields(ProxyScope.BIND_ADDRESS_METADATA, string("127.0.0.1"))
            .putFields("NAMESPACE", string("shop"))
            .putFields("SERVICE_ACCOUNT", string(app))
            .putFields(ProxyScope.LABELS_METADATA,
                Value.newBuilder().setStructValue(labels).build())
            .putFields("MESHBRIDGE_INBOUND", Value.newBuilder().setListValue(
                ListValue.newBuilder().addValues(Value.newBuilder().setStructValue(inbound)))
                .build()))
        .build();
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Listener inbound(DeltaDiscoveryResponse response)
      throws InvalidProtocolBufferException {
    for (Resource r : response.getResourcesList()) {
      Listener l = r.getResource().unpack(Listener.class);
      if (l.getName().equals(INBOUND)) {
        return l;
      }
    }
    throw new AssertionError("no " + INBOUND + " in " + response.getResourcesList().stream()
        .map(Resource::getName).toList());
  }

  private static Listener inbound(DiscoveryResponse response)
      throws InvalidProtocolBufferException {
    @Nullable Listener found = null;
    for (Any any : response.getResourcesList()) {
      Listener l = any.unpack(Listener.class);
      if (l.getName().equals(INBOUND)) {
        found = l;
      }
    }
    assertThat(found).as(INBOUND).isNotNull();
    return found;
  }

  private static List<String> httpFilters(Listener listener)
      throws InvalidProtocolBufferException {
    HttpConnectionManager hcm = listener.getFilterChains(0).getFilters(0).getTypedConfig()
        .unpack(HttpConnectionManager.class);
    return hcm.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
  }
}
