package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node the registry cannot read is left out and named; everything else keeps flowing. */
class BadPayloadsIT {

  private TestingServer server;
  private CuratorFramework writer;
  private ZooKeeperRegistry registry;
  private final SnapshotRecorder snapshots = new SnapshotRecorder();

  @BeforeEach
  void setUp() throws Exception {
    server = new TestingServer();
    writer = ZooKeeperTesting.writer(server);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (registry != null) {
      registry.close();
    }
    writer.close();
    server.close();
  }

  @Test
  void curatorNodesWithInvalidJsonOrNoPortAreNamed() throws Exception {
    ZooKeeperTesting.create(writer, "/services/orders/good",
        "{\"address\":\"10.0.0.1\",\"port\":8080}");
    ZooKeeperTesting.create(writer, "/services/orders/broken", "{\"address\": \"10.0.0.2\", ");
    ZooKeeperTesting.create(writer, "/services/orders/portless", "{\"address\":\"10.0.0.3\"}");
    start(ZooKeeperLayout.CURATOR);

    RegistrySnapshot snapshot = snapshots.awaitLatest("the good node", s -> true);
    assertThat(snapshot.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1");
    assertThat(snapshot.problems()).hasSize(2);
    assertThat(snapshot.problems().get(0))
        .startsWith("/services/orders/broken: invalid JSON at line 1, column ")
        .endsWith("(expected: a Curator service instance); instance left out");
    assertThat(snapshot.problems().get(1)).isEqualTo("/services/orders/portless: port: missing"
        + " (expected: port or sslPort, 1..65535); instance left out");

    // Fixing a node brings it in; the problem goes away.
    writer.setData().forPath("/services/orders/broken",
        "{\"address\":\"10.0.0.2\",\"port\":8080}".getBytes(StandardCharsets.UTF_8));
    RegistrySnapshot fixed = snapshots.awaitLatest("broken fixed", s -> s.problems().size() == 1);
    assertThat(fixed.endpoints()).extracting(Endpoint::address)
        .containsExactly("10.0.0.2", "10.0.0.1");
    assertThat(fixed.problems()).containsExactly("/services/orders/portless: port: missing"
        + " (expected: port or sslPort, 1..65535); instance left out");
  }

  @Test
  void dubboUrlsThatDoNotDecodeOrHaveNoPortAreNamed() throws Exception {
    String iface = "/dubbo/com.foo.OrderService/providers/";
    String good = URLEncoder.encode("dubbo://10.0.0.1:20880/com.foo.OrderService?side=provider",
        StandardCharsets.UTF_8);
    String portless = URLEncoder.encode("dubbo://10.0.0.2/com.foo.OrderService",
        StandardCharsets.UTF_8);
    writer.create().creatingParentsIfNeeded().forPath(iface + good);
    writer.create().creatingParentsIfNeeded().forPath(iface + "dubbo%3A%2F%2F10.0.0.3%zz");
    writer.create().creatingParentsIfNeeded().forPath(iface + portless);
    start(ZooKeeperLayout.DUBBO);

    RegistrySnapshot snapshot = snapshots.awaitLatest("the good provider", s -> true);
    assertThat(snapshot.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1");
    assertThat(snapshot.problems()).hasSize(2);
    // In path order: 10.0.0.2 before 10.0.0.3.
    assertThat(snapshot.problems().get(1))
        .startsWith(iface + "dubbo%3A%2F%2F10.0.0.3%zz: provider URL: cannot URL-decode ");
    assertThat(snapshot.problems().get(0)).isEqualTo(iface + portless + ": provider URL"
        + " 'dubbo://10.0.0.2/com.foo.OrderService': port: missing (expected: 1..65535);"
        + " instance left out");
  }

  private void start(ZooKeeperLayout layout) {
    registry = new ZooKeeperRegistry(ZooKeeperConfig.of("zk", server.getConnectString(), layout));
    registry.start(snapshots);
  }
}
