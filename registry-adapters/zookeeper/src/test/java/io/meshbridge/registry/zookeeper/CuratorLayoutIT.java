package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Curator's service-discovery layout, written by Curator's own {@code ServiceDiscovery} and as
 * Spring Cloud Zookeeper writes it, read by the registry from a real ZooKeeper.
 */
class CuratorLayoutIT {

  private static final ServiceKey ORDERS = ServiceKey.of("shop", "orders");

  private TestingServer server;
  private CuratorFramework writer;
  private ServiceDiscovery<SpringLikePayload> discovery;
  private ZooKeeperRegistry registry;
  private final SnapshotRecorder snapshots = new SnapshotRecorder();

  @BeforeEach
  void setUp() throws Exception {
    server = new TestingServer();
    writer = ZooKeeperTesting.writer(server);
    discovery = ServiceDiscoveryBuilder.builder(SpringLikePayload.class)
        .client(writer)
        .basePath("/services")
        .serializer(new JsonInstanceSerializer<>(SpringLikePayload.class))
        .build();
    discovery.start();
    registry = new ZooKeeperRegistry(
        ZooKeeperConfig.of("zk", server.getConnectString(), ZooKeeperLayout.CURATOR)
            .withNamespace("shop"));
  }

  @AfterEach
  void tearDown() throws Exception {
    registry.close();
    discovery.close();
    writer.close();
    server.close();
  }

  @Test
  void instancesAppearChangeAndDisappear() throws Exception {
    registry.start(snapshots);
    RegistrySnapshot first = snapshots.awaitLatest("the first, empty snapshot", s -> true);
    assertThat(first).isEqualTo(new RegistrySnapshot("zk", 1, List.of(), List.of(), false,
        List.of()));

    ServiceInstance<SpringLikePayload> a = instance("a", 8081, "v1");
    discovery.registerService(a);
    discovery.registerService(instance("b", 8082, "v2"));
    RegistrySnapshot both = snapshots.awaitLatest("a and b", s -> s.endpoints().size() == 2);
    assertThat(both.services()).containsExactly(orders(8081));
    assertThat(both.endpoints()).containsExactly(
        endpoint(8081, "v1"), endpoint(8082, "v2"));
    assertThat(both.stale()).isFalse();
    assertThat(both.problems()).isEmpty();

    discovery.updateService(instance("a", 8081, "v3"));
    RegistrySnapshot changed = snapshots.awaitLatest("a relabelled",
        s -> s.endpoints().contains(endpoint(8081, "v3")));
    assertThat(changed.endpoints()).containsExactly(endpoint(8081, "v3"), endpoint(8082, "v2"));

    discovery.unregisterService(a);
    RegistrySnapshot onlyB = snapshots.awaitLatest("a gone", s -> s.endpoints().size() == 1);
    // The service port stays where it was published: clients keep dialing 8081; b serves on 8082.
    assertThat(onlyB.services()).containsExactly(orders(8081));
    assertThat(onlyB.endpoints()).containsExactly(endpoint(8082, "v2"));

    discovery.unregisterService(instance("b", 8082, "v2"));
    RegistrySnapshot none = snapshots.awaitLatest("b gone", s -> s.services().isEmpty());
    assertThat(none.endpoints()).isEmpty();

    // A service that comes back is new: its port is chosen again.
    discovery.registerService(instance("c", 8083, "v4"));
    RegistrySnapshot back = snapshots.awaitLatest("c", s -> !s.services().isEmpty());
    assertThat(back.services()).containsExactly(orders(8083));

    // Versions only grow, and nothing is published twice.
    List<RegistrySnapshot> all = snapshots.all();
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).version()).isEqualTo(all.get(i - 1).version() + 1);
      assertThat(all.get(i).endpoints()).isNotEqualTo(all.get(i - 1).endpoints());
      assertThat(all.get(i).stale()).isFalse();
    }
  }

  @Test
  void springCloudZookeeperNodesWithProtocolAndSslPort() throws Exception {
    ZooKeeperTesting.create(writer, "/services/Billing_API/9f2e", """
        {"name":"Billing_API","id":"9f2e","address":"10.1.0.7","port":9090,"sslPort":9443,
         "payload":{"@class":"org.springframework.cloud.zookeeper.discovery.ZookeeperInstance",
           "id":"billing","name":"billing","metadata":{"protocol":"grpc","zone":"a"}},
         "registrationTimeUTC":1700000000000,"serviceType":"DYNAMIC",
         "uriSpec":{"parts":[{"value":"scheme","variable":true},{"value":"://","variable":false},
           {"value":"address","variable":true},{"value":":","variable":false},
           {"value":"port","variable":true}]}}
        """);
    registry.start(snapshots);

    RegistrySnapshot snapshot = snapshots.awaitLatest("billing", s -> !s.services().isEmpty());
    ServiceKey billing = ServiceKey.of("shop", "billing-api");
    assertThat(snapshot.services()).containsExactly(new Service(billing, List.of(),
        List.of(new ServicePort("grpc", 9090, Protocol.GRPC),
            new ServicePort("https", 9443, Protocol.TLS)),
        Map.of()));
    assertThat(snapshot.endpoints()).containsExactly(new Endpoint(billing, "10.1.0.7",
        Map.of("grpc", 9090, "https", 9443), Map.of("protocol", "grpc", "zone", "a"),
        HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "zk"));
  }

  private static ServiceInstance<SpringLikePayload> instance(String id, int port, String version)
      throws Exception {
    return ServiceInstance.<SpringLikePayload>builder()
        .name("orders")
        .id(id)
        .address("127.0.0.1")
        .port(port)
        .payload(new SpringLikePayload("orders", Map.of("version", version)))
        .build();
  }

  private static Service orders(int port) {
    return new Service(ORDERS, List.of(), List.of(new ServicePort("http", port, Protocol.HTTP)),
        Map.of());
  }

  private static Endpoint endpoint(int port, String version) {
    return new Endpoint(ORDERS, "127.0.0.1", Map.of("http", port), Map.of("version", version),
        HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "zk");
  }
}
