package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registrar against a real ZooKeeper; what it writes is read back with Curator. */
class ZooKeeperRegistrarIT {

  private static final ServiceKey ORDERS = ServiceKey.of("default", "orders");
  private static final String PATH = "/services/orders/vm-1";

  private TestingServer server;
  private CuratorFramework reader;
  private ZooKeeperRegistrar registrar;

  @BeforeEach
  void setUp() throws Exception {
    server = new TestingServer();
    reader = ZooKeeperTesting.writer(server);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (registrar != null) {
      registrar.close();
    }
    reader.close();
    server.close();
  }

  @Test
  void curatorLayoutNodeFollowsHealthSurvivesSessionExpiryAndGoesOnClose() throws Exception {
    registrar = registrar(ZooKeeperLayout.CURATOR);
    registrar.register(new WorkloadInstance(ORDERS, "vm-1", "10.0.0.5",
        List.of(new ServicePort("grpc", 9090, Protocol.GRPC),
            new ServicePort("tls", 9443, Protocol.TLS)),
        Map.of("version", "v1"), Locality.UNKNOWN));

    Stat stat = reader.checkExists().forPath(PATH);
    assertThat(stat).isNotNull();
    assertThat(stat.getEphemeralOwner()).isNotZero();
    JsonNode json = new ObjectMapper().readTree(reader.getData().forPath(PATH));
    assertThat(json.get("name").asText()).isEqualTo("orders");
    assertThat(json.get("id").asText()).isEqualTo("vm-1");
    assertThat(json.get("address").asText()).isEqualTo("10.0.0.5");
    assertThat(json.get("port").asInt()).isEqualTo(9090);
    assertThat(json.get("sslPort").asInt()).isEqualTo(9443);
    assertThat(json.get("serviceType").asText()).isEqualTo("DYNAMIC");
    assertThat(json.at("/payload/@class").asText())
        .isEqualTo("org.springframework.cloud.zookeeper.discovery.ZookeeperInstance");
    assertThat(json.at("/payload/metadata").toString())
        .isEqualTo("{\"version\":\"v1\",\"protocol\":\"grpc\"}");
    assertThat(registrar.registeredPath()).isEqualTo(PATH);

    // The registry reads back what the registrar wrote.
    try (ZooKeeperRegistry registry = new ZooKeeperRegistry(
        ZooKeeperConfig.of("zk", server.getConnectString(), ZooKeeperLayout.CURATOR))) {
      SnapshotRecorder snapshots = new SnapshotRecorder();
      registry.start(snapshots);
      RegistrySnapshot snapshot = snapshots.awaitLatest("vm-1", s -> !s.endpoints().isEmpty());
      assertThat(snapshot.endpoints()).containsExactly(new Endpoint(ORDERS, "10.0.0.5",
          Map.of("grpc", 9090, "https", 9443), Map.of("version", "v1", "protocol", "grpc"),
          HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "zk"));
    }

    registrar.setHealth(HealthStatus.UNHEALTHY);
    assertThat(reader.checkExists().forPath(PATH)).isNull();
    registrar.setHealth(HealthStatus.UNHEALTHY);
    assertThat(reader.checkExists().forPath(PATH)).isNull();
    registrar.setHealth(HealthStatus.HEALTHY);
    assertThat(reader.checkExists().forPath(PATH)).isNotNull();

    long owner = reader.checkExists().forPath(PATH).getEphemeralOwner();
    KillSession.kill(registrar.curator().getZookeeperClient().getZooKeeper());
    await("the node re-created under a new session").atMost(Duration.ofSeconds(30))
        .until(() -> {
          Stat now = reader.checkExists().forPath(PATH);
          return now != null && now.getEphemeralOwner() != owner;
        });

    registrar.close();
    assertThat(reader.checkExists().forPath(PATH)).isNull();
    registrar.close(); // idempotent
  }

  @Test
  void dubboLayoutWritesAProviderUrl() throws Exception {
    registrar = registrar(ZooKeeperLayout.DUBBO);
    registrar.register(new WorkloadInstance(ServiceKey.of("default", "orderservice"), "vm-1",
        "10.0.0.5", List.of(new ServicePort("rpc", 20880, Protocol.TCP)),
        Map.of("interface", "com.foo.OrderService", "version", "1.0", "timestamp", "1"),
        Locality.UNKNOWN));

    List<String> providers = reader.getChildren().forPath("/dubbo/com.foo.OrderService/providers");
    assertThat(providers).hasSize(1);
    assertThat(URLDecoder.decode(providers.get(0), StandardCharsets.UTF_8)).isEqualTo(
        "dubbo://10.0.0.5:20880/com.foo.OrderService?application=orderservice"
            + "&interface=com.foo.OrderService&side=provider&timestamp=1&version=1.0");

    registrar.deregister();
    assertThat(reader.getChildren().forPath("/dubbo/com.foo.OrderService/providers")).isEmpty();
    registrar.deregister(); // idempotent
  }

  @Test
  void instancesThatDoNotFitTheLayoutAreRefusedNamingTheField() {
    registrar = registrar(ZooKeeperLayout.DUBBO);
    assertThatThrownBy(() -> registrar.register(new WorkloadInstance(ORDERS, "vm-1", "10.0.0.5",
            List.of(new ServicePort("h2", 8080, Protocol.HTTP2)), Map.of(), Locality.UNKNOWN)))
        .isInstanceOf(RegistrationException.class)
        .hasMessage("ports[0].protocol: HTTP2 (expected for the Dubbo layout: TCP (dubbo),"
            + " GRPC (tri) or HTTP (rest))");
    registrar.close();
    registrar = registrar(ZooKeeperLayout.CURATOR);
    assertThatThrownBy(() -> registrar.register(new WorkloadInstance(ORDERS, "vm-1", "10.0.0.5",
            List.of(new ServicePort("a", 8080, Protocol.HTTP),
                new ServicePort("b", 8081, Protocol.GRPC)), Map.of(), Locality.UNKNOWN)))
        .isInstanceOf(RegistrationException.class)
        .hasMessageEndingWith(
            "(expected for the Curator layout: at most one non-TLS port and one TLS port)");
  }

  private ZooKeeperRegistrar registrar(ZooKeeperLayout layout) {
    return new ZooKeeperRegistrar(ZooKeeperConfig.of("zk", server.getConnectString(), layout)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
  }
}
