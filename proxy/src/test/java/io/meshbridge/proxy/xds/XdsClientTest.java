package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.cluster;
import static io.meshbridge.proxy.xds.XdsResources.endpoints;
import static io.meshbridge.proxy.xds.XdsResources.listener;
import static io.meshbridge.proxy.xds.XdsResources.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against the real java-control-plane server, once over state-of-the-world ADS and once
 * over delta ADS: the same scenarios, the same outcomes.
 */
@ParameterizedClass
@EnumSource(AdsApi.class)
class XdsClientTest {

  /** The types these tests' snapshots use (no SDS secrets: nothing names one). */
  private static final List<ResourceType<?, ?>> CORE_TYPES =
      List.of(ResourceType.CDS, ResourceType.EDS, ResourceType.LDS, ResourceType.RDS);


  @Parameter
  AdsApi api;

  private static final BackoffPolicy FAST =
      new BackoffPolicy(Duration.ofMillis(10), 2.0, Duration.ofMillis(200), 0.2);
  private static final String A = "outbound|80||a.b.mesh";
  private static final String C = "outbound|81||c.d.mesh";

  private final String serverName = "xds-" + UUID.randomUUID();
  private final RecordingDataPlane dataPlane = new RecordingDataPlane();
  private final StatsRegistry stats = new StatsRegistry();
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

  @AfterEach
  void closeAll() throws Exception {
    while (!toClose.isEmpty()) {
      toClose.pop().close();
    }
  }

  @Test
  void appliesAndAcksTheInitialConfig() {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(v1());

    XdsClient client = start(serverName);

    await().untilAsserted(() -> assertThat(dataPlane.serving()).isEqualTo(v1Config()));
    await().until(client::ready);
    await().untilAsserted(() -> {
      for (ResourceType<?, ?> type : CORE_TYPES) { // no secrets in these snapshots
        assertThat(pilot.acks(type, "1")).as("ACKs of %s", type).isNotEmpty();
      }
    });
    assertThat(pilot.nacks(ResourceType.LDS)).isEmpty();
    ControlPlane.Request rds = pilot.acks(ResourceType.RDS, "1").get(0);
    assertThat(rds.api()).isEqualTo(api);
    assertThat(rds.node().getId()).isEqualTo("proxy-1");
    assertThat(rds.node().getUserAgentName()).isEqualTo("meshbridge-proxy");
    assertThat(pilot.subscribed(ResourceType.RDS)).containsExactly("18080");
    assertThat(pilot.subscribed(ResourceType.EDS)).containsExactly(A);
    assertThat(pilot.subscribed(ResourceType.LDS)).isEmpty();
    assertThat(pilot.subscribed(ResourceType.CDS)).isEmpty();
    assertThat(stats.prometheusText()).contains(
        "xds_connected 1", "xds_update_success_total{type=\"lds\"} 1",
        "xds_update_rejected_total{type=\"cds\"} 0");
  }

  @Test
  void appliesAnUpdate() {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(v1());
    start(serverName);
    await().untilAsserted(() -> assertThat(dataPlane.serving()).isEqualTo(v1Config()));

    pilot.setSnapshot(snapshot("2", List.of(cluster(A, 10)),
        List.of(endpoints(A, "10.0.0.1", "10.0.0.2")), List.of(listener("127.0.0.1_18080", 18080,
            "18080")), List.of(route("18080", "a.b.mesh", A))));

    await().untilAsserted(() -> assertThat(dataPlane.serving().endpoints().get(A))
        .extracting(EndpointConfig::host).containsExactly("10.0.0.1", "10.0.0.2"));
    await().untilAsserted(() -> assertThat(pilot.acks(ResourceType.EDS, "2")).isNotEmpty());
  }

  @Test
  void nacksABadClusterAndKeepsItsPreviousVersionWhileApplyingTheRest() throws Exception {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(v1());
    XdsClient client = start(serverName);
    await().untilAsserted(() -> assertThat(dataPlane.serving()).isEqualTo(v1Config()));

    Cluster bad =
        cluster(A, 3).toBuilder().setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build();
    pilot.setSnapshot(snapshot("2", List.of(bad, cluster(C, 10)),
        List.of(endpoints(A, "10.0.0.1"), endpoints(C, "10.0.0.3")),
        List.of(listener("127.0.0.1_18080", 18080, "18080")),
        List.of(route("18080", "a.b.mesh", A))));

    String error = "Cluster outbound|80||a.b.mesh: lb_policy: CLUSTER_PROVIDED is not supported "
        + "(supported: ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH, MAGLEV, or "
        + "load_balancing_policy with type.meshbridge.io/meshbridge.lb.PeakEwma)";
    await().untilAsserted(() -> assertThat(pilot.nacks(ResourceType.CDS)).isNotEmpty());
    ControlPlane.Request nack = pilot.nacks(ResourceType.CDS).get(0);
    assertThat(nack.error()).isEqualTo(error);
    assertThat(nack.version()).isEqualTo(nackedVersion("1", "2"));
    await().untilAsserted(() -> assertThat(dataPlane.serving().endpointsOf(C))
        .extracting(EndpointConfig::host).containsExactly("10.0.0.3"));
    assertThat(dataPlane.serving().clusters().get(A)).isEqualTo(
        new ClusterConfig(A, A, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(10)));
    assertThat(stats.prometheusText()).doesNotContain("xds_update_rejected_total{type=\"cds\"} 0");

    JsonNode clusters = json(client.configDumpJson()).get("configs").get(0);
    assertThat(clusters.get("@type").asText())
        .isEqualTo("type.googleapis.com/envoy.admin.v3.ClustersConfigDump");
    assertThat(clusters.get("version_info").asText()).isEqualTo("1");
    JsonNode a = clusters.get("dynamic_active_clusters").get(0);
    assertThat(a.get("cluster").get("name").asText()).isEqualTo(A);
    assertThat(a.get("version_info").asText())
        .isEqualTo(resourceVersion(v1(), ResourceType.CDS, A));
    assertThat(a.get("last_updated").asText()).isNotEmpty();
    assertThat(a.get("client_status").asText()).isEqualTo("NACKED");
    assertThat(a.get("error_state").get("details").asText()).isEqualTo(error);
    assertThat(a.get("error_state").get("version_info").asText()).isEqualTo("2");
    JsonNode c = clusters.get("dynamic_active_clusters").get(1);
    assertThat(c.get("version_info").asText())
        .isEqualTo(resourceVersion(pilot.snapshot(), ResourceType.CDS, C));
    assertThat(c.get("client_status").asText()).isEqualTo("ACKED");
    JsonNode lastNack = json(client.configDumpJson()).get("configs").get(5)
        .get("value").get("last_nacks").get("cds");
    assertThat(lastNack.get("message").asText()).isEqualTo(error);
    assertThat(lastNack.get("version_info").asText()).isEqualTo("2");
  }

  @Test
  void removesAClusterPilotNoLongerHasAndStopsAskingForItsEndpoints() {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(snapshot("1", List.of(cluster(A, 10), cluster(C, 10)),
        List.of(endpoints(A, "10.0.0.1"), endpoints(C, "10.0.0.3")),
        List.of(listener("127.0.0.1_18080", 18080, "18080")),
        List.of(route("18080", "a.b.mesh", A))));
    start(serverName);
    await().untilAsserted(() -> assertThat(dataPlane.serving().clusters()).containsKeys(A, C));
    await().untilAsserted(
        () -> assertThat(pilot.subscribed(ResourceType.EDS)).containsExactlyInAnyOrder(A, C));

    pilot.setSnapshot(snapshot("2", List.of(cluster(A, 10)), List.of(endpoints(A, "10.0.0.1")),
        List.of(listener("127.0.0.1_18080", 18080, "18080")),
        List.of(route("18080", "a.b.mesh", A))));

    await().untilAsserted(() -> assertThat(dataPlane.serving().clusters()).containsOnlyKeys(A));
    // C's endpoints go with the EDS update, which may be handled after the CDS one
    await().untilAsserted(() -> assertThat(dataPlane.serving().endpoints()).containsOnlyKeys(A));
    await().untilAsserted(
        () -> assertThat(pilot.subscribed(ResourceType.EDS)).containsExactly(A));
    await().untilAsserted(() -> assertThat(pilot.acks(ResourceType.CDS, "2")).isNotEmpty());
    assertThat(pilot.nacks(ResourceType.CDS)).isEmpty();
  }

  @Test
  void nacksAListenerTheDataPlaneCannotBindAndKeepsItsPreviousVersion() throws Exception {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(v1());
    XdsClient client = start(serverName);
    await().untilAsserted(() -> assertThat(dataPlane.serving()).isEqualTo(v1Config()));

    String reason = "cannot bind 127.0.0.1:18090: Address already in use";
    dataPlane.failBinding("127.0.0.1_18080", reason);
    pilot.setSnapshot(snapshot("2", List.of(cluster(A, 10)), List.of(endpoints(A, "10.0.0.1")),
        List.of(listener("127.0.0.1_18080", 18090, "18080")),
        List.of(route("18080", "a.b.mesh", A))));

    await().untilAsserted(() -> assertThat(pilot.nacks(ResourceType.LDS)).isNotEmpty());
    ControlPlane.Request nack = pilot.nacks(ResourceType.LDS).get(0);
    assertThat(nack.error()).isEqualTo("Listener 127.0.0.1_18080: " + reason);
    assertThat(nack.version()).isEqualTo(nackedVersion("1", "2"));
    assertThat(dataPlane.serving().listeners()).isEqualTo(v1Config().listeners());
    JsonNode listener = json(client.configDumpJson()).get("configs").get(2)
        .get("dynamic_listeners").get(0);
    assertThat(listener.get("active_state").get("version_info").asText())
        .isEqualTo(resourceVersion(v1(), ResourceType.LDS, "127.0.0.1_18080"));
    assertThat(listener.get("active_state").get("listener").get("address").get("socket_address")
        .get("port_value").asInt()).isEqualTo(18080);
    assertThat(listener.get("error_state").get("details").asText())
        .isEqualTo("Listener 127.0.0.1_18080: " + reason);
    assertThat(listener.get("client_status").asText()).isEqualTo("NACKED");
  }

  @Test
  void keepsServingWhenTheServerIsGoneAndResyncsWithTheNextOne() {
    ControlPlane first = controlPlane(serverName);
    first.setSnapshot(v1());
    start(serverName);
    await().untilAsserted(() -> assertThat(dataPlane.serving()).isEqualTo(v1Config()));
    await().untilAsserted(() -> assertThat(stats.prometheusText()).contains("xds_connected 1"));
    int applies = dataPlane.applied().size();

    first.close();
    await().untilAsserted(() -> assertThat(stats.prometheusText()).contains("xds_connected 0"));
    await().until(() -> counter("xds_reconnects_total") >= 3);
    assertThat(dataPlane.applied()).hasSize(applies);
    assertThat(dataPlane.serving()).isEqualTo(v1Config());

    ControlPlane second = controlPlane(serverName);
    second.setSnapshot(snapshot("7", List.of(cluster(A, 10)), List.of(endpoints(A, "10.0.0.9")),
        List.of(listener("127.0.0.1_18080", 18080, "18080")),
        List.of(route("18080", "a.b.mesh", A))));

    await().untilAsserted(() -> assertThat(dataPlane.serving().endpointsOf(A))
        .extracting(EndpointConfig::host).containsExactly("10.0.0.9"));
    Map<ResourceType<?, ?>, String> held = Map.of(ResourceType.CDS, A, ResourceType.EDS, A,
        ResourceType.LDS, "127.0.0.1_18080", ResourceType.RDS, "18080");
    for (ResourceType<?, ?> type : CORE_TYPES) {
      ControlPlane.Request resync = second.requests(type).get(0);
      assertThat(resync.nonce()).as("%s resync nonce", type).isEmpty();
      if (api == AdsApi.STATE_OF_THE_WORLD) {
        assertThat(resync.version()).as("%s resync version", type).isEqualTo("1");
      } else { // what the proxy holds, by name and version, so pilot may skip resending it
        assertThat(resync.initialVersions()).as("%s initial_resource_versions", type)
            .containsOnlyKeys(held.get(type))
            .allSatisfy((name, version) -> assertThat(version).isNotEmpty());
      }
    }
    assertThat(second.requests(ResourceType.RDS).get(0).names()).containsExactly("18080");
    await().untilAsserted(() -> assertThat(stats.prometheusText()).contains("xds_connected 1"));
  }

  @Test
  void failsOverToTheNextServer() {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(v1());

    XdsClient client = start("dead-" + serverName, serverName);

    await().untilAsserted(() -> assertThat(dataPlane.serving()).isEqualTo(v1Config()));
    await().until(client::ready);
    assertThat(counter("xds_reconnects_total")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aNodeToAutoRegisterReportsItsHealthAsIstiosAgentOthersDoNot() {
    ControlPlane pilot = controlPlane(serverName);
    pilot.setSnapshot(v1());
    XdsClient plain = start(serverName);
    Node vm = Node.newBuilder().setId("vm-1").setMetadata(com.google.protobuf.Struct.newBuilder()
        .putFields("AUTO_REGISTER_GROUP",
            com.google.protobuf.Value.newBuilder().setStringValue("orders").build())).build();
    XdsClient auto = new XdsClient(vm, api, List.of(new HostPort(serverName, 0)),
        server -> InProcessChannelBuilder.forName(server.host()).build(), dataPlane, stats, FAST,
        Clock.systemUTC());
    toClose.push(auto);
    auto.start();
    await().until(auto::ready);
    plain.setInboundHealthy(false);
    auto.setInboundHealthy(false);
    await().untilAsserted(() -> assertThat(pilot.requests(AdsWire.HEALTH_TYPE_URL))
        .anySatisfy(r -> {
          assertThat(r.api()).isEqualTo(api);
          assertThat(r.node().getId()).isEqualTo("vm-1");
          assertThat(r.error()).isEqualTo("the local app's health check fails");
        }));
    auto.setInboundHealthy(true);
    await().untilAsserted(() -> assertThat(pilot.requests(AdsWire.HEALTH_TYPE_URL))
        .anySatisfy(r -> assertThat(r.error()).isNull()));
    assertThat(pilot.requests(AdsWire.HEALTH_TYPE_URL))
        .noneMatch(r -> r.node().getId().equals("proxy-1"));
  }

  private XdsClient start(String... servers) {
    List<HostPort> addresses = Arrays.stream(servers).map(s -> new HostPort(s, 0)).toList();
    XdsClient client = new XdsClient(Node.newBuilder().setId("proxy-1").build(), api, addresses,
        server -> InProcessChannelBuilder.forName(server.host()).build(), dataPlane, stats, FAST,
        Clock.systemUTC());
    toClose.push(client);
    client.start();
    return client;
  }

  /**
   * The version a NACK names: state of the world repeats the version last accepted, delta answers
   * the nonce of the rejected response, whose version the control plane recorded.
   */
  private String nackedVersion(String accepted, String rejected) {
    return api == AdsApi.STATE_OF_THE_WORLD ? accepted : rejected;
  }

  /**
   * The version_info the config dump shows for one resource: state of the world's response
   * version, or the resource's own version in delta (Envoy's per-resource version).
   */
  private String resourceVersion(Snapshot snapshot, ResourceType<?, ?> type, String name) {
    return api == AdsApi.STATE_OF_THE_WORLD
        ? snapshot.version(type.typeUrl())
        : snapshot.resources(type.typeUrl()).get(name).version();
  }

  private ControlPlane controlPlane(String name) {
    ControlPlane pilot = new ControlPlane(name);
    toClose.push(pilot);
    return pilot;
  }

  private long counter(String name) {
    return stats.prometheusText().lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static Snapshot v1() {
    return snapshot("1", List.of(cluster(A, 10)), List.of(endpoints(A, "10.0.0.1")),
        List.of(listener("127.0.0.1_18080", 18080, "18080")),
        List.of(route("18080", "a.b.mesh", A)));
  }

  private static ProxyConfig v1Config() {
    return new ProxyConfig(
        Map.of("127.0.0.1_18080",
            new ListenerConfig("127.0.0.1_18080", "127.0.0.1", 18080, "18080", "outbound_18080")),
        Map.of("18080", new RouteConfig("18080", List.of(new VirtualHostConfig("a.b.mesh",
            List.of("a.b.mesh"), List.of(new RouteEntry(RouteEntry.PathMatch.prefix("/"), A)))))),
        Map.of(A, new ClusterConfig(A, A, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(10))),
        Map.of(A, List.of(
            new EndpointConfig("10.0.0.1", 8080, EndpointConfig.Health.UNKNOWN, 1, Map.of()))));
  }

  private static Snapshot snapshot(String version, List<Cluster> clusters,
      List<ClusterLoadAssignment> endpoints, List<Listener> listeners,
      List<RouteConfiguration> routes) {
    return Snapshot.create(clusters, endpoints, listeners, routes, List.of(), version);
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }
}
