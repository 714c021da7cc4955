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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dubbo's interface layout, written as Dubbo's ZooKeeper registry writes it. */
class DubboLayoutIT {

  private static final String ORDER_SERVICE = "com.foo.OrderService";
  private static final ServiceKey ORDERS = ServiceKey.of("default", "orderservice");

  private TestingServer server;
  private CuratorFramework writer;
  private ZooKeeperRegistry registry;
  private final SnapshotRecorder snapshots = new SnapshotRecorder();

  @BeforeEach
  void setUp() throws Exception {
    server = new TestingServer();
    writer = ZooKeeperTesting.writer(server);
    registry = new ZooKeeperRegistry(
        ZooKeeperConfig.of("dubbo", server.getConnectString(), ZooKeeperLayout.DUBBO));
  }

  @AfterEach
  void tearDown() throws Exception {
    registry.close();
    writer.close();
    server.close();
  }

  @Test
  void providersAppearChangeAndDisappear() throws Exception {
    // What Dubbo also keeps under an interface, which is not a provider.
    writer.create().creatingParentsIfNeeded().forPath("/dubbo/" + ORDER_SERVICE
        + "/consumers/" + encode("consumer://10.0.0.9/" + ORDER_SERVICE + "?side=consumer"));
    writer.create().creatingParentsIfNeeded().forPath("/dubbo/" + ORDER_SERVICE + "/routers");
    String one = provider(ORDER_SERVICE, "dubbo://10.0.0.5:20880/" + ORDER_SERVICE
        + "?application=orders&side=provider&version=1.0");
    registry.start(snapshots);

    RegistrySnapshot first = snapshots.awaitLatest("one provider", s -> !s.services().isEmpty());
    assertThat(first.services()).containsExactly(
        new Service(ORDERS, List.of(), List.of(new ServicePort("dubbo", 20880, Protocol.TCP)),
            Map.of()));
    assertThat(first.endpoints()).containsExactly(endpoint("10.0.0.5", "1.0"));
    assertThat(first.problems()).isEmpty();

    String two = provider(ORDER_SERVICE, "dubbo://10.0.0.6:20880/" + ORDER_SERVICE
        + "?application=orders&side=provider&version=2.0");
    RegistrySnapshot both = snapshots.awaitLatest("two providers", s -> s.endpoints().size() == 2);
    assertThat(both.endpoints()).containsExactly(endpoint("10.0.0.5", "1.0"),
        endpoint("10.0.0.6", "2.0"));

    provider("org.bar.Greeter", "tri://10.0.0.7:50051/org.bar.Greeter?application=greeter");
    ServiceKey greeter = ServiceKey.of("default", "greeter");
    RegistrySnapshot three = snapshots.awaitLatest("a gRPC service", s -> s.services().size() == 2);
    assertThat(three.services()).containsExactly(
        new Service(greeter, List.of(), List.of(new ServicePort("tri", 50051, Protocol.GRPC)),
            Map.of()),
        new Service(ORDERS, List.of(), List.of(new ServicePort("dubbo", 20880, Protocol.TCP)),
            Map.of()));
    assertThat(three.endpoints()).contains(new Endpoint(greeter, "10.0.0.7", Map.of("tri", 50051),
        Map.of("application", "greeter"), HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "dubbo"));

    writer.delete().forPath(one);
    RegistrySnapshot oneLeft = snapshots.awaitLatest("provider one gone",
        s -> s.endpoints().size() == 2);
    assertThat(oneLeft.endpoints()).doesNotContain(endpoint("10.0.0.5", "1.0"))
        .contains(endpoint("10.0.0.6", "2.0"));

    writer.delete().deletingChildrenIfNeeded().forPath("/dubbo/" + ORDER_SERVICE);
    RegistrySnapshot gone = snapshots.awaitLatest("the interface deleted",
        s -> s.services().size() == 1);
    assertThat(gone.services()).extracting(Service::key).containsExactly(greeter);
    assertThat(gone.endpoints()).extracting(Endpoint::service).containsExactly(greeter);
    assertThat(two).startsWith("/dubbo/");
  }

  private String provider(String iface, String url) throws Exception {
    return writer.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath("/dubbo/" + iface + "/providers/" + encode(url));
  }

  private static String encode(String url) {
    return URLEncoder.encode(url, StandardCharsets.UTF_8);
  }

  private static Endpoint endpoint(String address, String version) {
    return new Endpoint(ORDERS, address, Map.of("dubbo", 20880),
        Map.of("application", "orders", "side", "provider", "version", version),
        HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "dubbo");
  }
}
