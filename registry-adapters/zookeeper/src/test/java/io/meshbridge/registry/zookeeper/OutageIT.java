package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outages against a real ZooKeeper: a partition long enough for the session to expire, an
 * injected session expiry, and the server stopped and restarted. The registry serves its last
 * content marked stale meanwhile (never an empty snapshot), then reads everything again.
 */
class OutageIT {

  private static final Duration SESSION = Duration.ofSeconds(3);
  private static final Duration CONNECTION = Duration.ofSeconds(1);

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
  void partitionLongerThanTheSessionIsStaleThenResynced() throws Exception {
    try (TcpGate gate = new TcpGate(server.getPort());
        CuratorFramework owner = CuratorFrameworkFactory.newClient(gate.connectString(),
            (int) SESSION.toMillis(), (int) CONNECTION.toMillis(), new RetryOneTime(100))) {
      owner.start();
      // "a" lives as long as its owner's session, which the partition will expire too.
      owner.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
          .forPath("/services/orders/a", json("10.0.0.1"));
      ZooKeeperTesting.create(writer, "/services/orders/b", "{\"address\":\"10.0.0.2\",\"port\":80}");
      start(gate.connectString());
      RegistrySnapshot before = snapshots.awaitLatest("a and b", s -> s.endpoints().size() == 2);

      gate.cut();
      RegistrySnapshot stale = snapshots.awaitLatest("stale", RegistrySnapshot::stale);
      assertThat(stale.services()).isEqualTo(before.services());
      assertThat(stale.endpoints()).isEqualTo(before.endpoints());
      assertThat(stale.problems()).containsExactly("zookeeper " + gate.connectString()
          + ": connection SUSPENDED; serving the content last read");

      // Meanwhile: "c" is added, and "a" goes with its owner's expired session.
      ZooKeeperTesting.create(writer, "/services/orders/c", "{\"address\":\"10.0.0.3\",\"port\":80}");
      org.awaitility.Awaitility.await("a's session expired").atMost(Duration.ofSeconds(30))
          .until(() -> writer.checkExists().forPath("/services/orders/a") == null);
      RegistrySnapshot lost = snapshots.awaitLatest("the registry's session lost",
          s -> s.problems().stream().anyMatch(p -> p.contains("connection LOST")));
      assertThat(lost.stale()).isTrue();
      assertThat(lost.endpoints()).isEqualTo(before.endpoints());

      gate.heal();
      RegistrySnapshot after = snapshots.awaitLatest("resynced", s -> !s.stale());
      assertThat(after.endpoints()).extracting(Endpoint::address)
          .containsExactly("10.0.0.2", "10.0.0.3");
      assertThat(after.problems()).isEmpty();
      assertNeverEmptyAfterTheFirstContent(before);
    }
  }

  @Test
  void injectedSessionExpiryIsStaleThenResynced() throws Exception {
    ZooKeeperTesting.create(writer, "/services/orders/a", "{\"address\":\"10.0.0.1\",\"port\":80}");
    start(server.getConnectString());
    RegistrySnapshot before = snapshots.awaitLatest("a", s -> s.endpoints().size() == 1);

    KillSession.kill(registry.curator().getZookeeperClient().getZooKeeper());
    ZooKeeperTesting.create(writer, "/services/orders/b", "{\"address\":\"10.0.0.2\",\"port\":80}");

    RegistrySnapshot after = snapshots.awaitLatest("b, fresh",
        s -> !s.stale() && s.endpoints().size() == 2);
    assertThat(after.problems()).isEmpty();
    List<RegistrySnapshot> stale = snapshots.all().stream().filter(RegistrySnapshot::stale).toList();
    assertThat(stale).isNotEmpty().allSatisfy(s -> {
      assertThat(s.endpoints()).isNotEmpty();
      assertThat(s.problems()).anyMatch(p -> p.contains("connection LOST"));
    });
    assertNeverEmptyAfterTheFirstContent(before);
  }

  @Test
  void serverStoppedIsStaleAndRestartedIsResynced() throws Exception {
    ZooKeeperTesting.create(writer, "/services/orders/a", "{\"address\":\"10.0.0.1\",\"port\":80}");
    start(server.getConnectString());
    RegistrySnapshot before = snapshots.awaitLatest("a", s -> s.endpoints().size() == 1);

    server.stop();
    RegistrySnapshot stale = snapshots.awaitLatest("stale", RegistrySnapshot::stale);
    assertThat(stale.endpoints()).isEqualTo(before.endpoints());
    assertThat(stale.services()).isEqualTo(before.services());

    server.restart();
    RegistrySnapshot fresh = snapshots.awaitLatest("fresh", s -> !s.stale());
    assertThat(fresh.endpoints()).isEqualTo(before.endpoints());
    assertThat(fresh.problems()).isEmpty();

    // Watching again: a change after the restart shows up.
    ZooKeeperTesting.create(writer, "/services/orders/b", "{\"address\":\"10.0.0.2\",\"port\":80}");
    snapshots.awaitLatest("b", s -> !s.stale() && s.endpoints().size() == 2);
    assertNeverEmptyAfterTheFirstContent(before);
  }

  private void start(String connectString) {
    registry = new ZooKeeperRegistry(
        ZooKeeperConfig.of("zk", connectString, ZooKeeperLayout.CURATOR)
            .withTimeouts(SESSION, CONNECTION));
    registry.start(snapshots);
  }

  private void assertNeverEmptyAfterTheFirstContent(RegistrySnapshot firstWithContent) {
    assertThat(snapshots.all())
        .filteredOn(s -> s.version() >= firstWithContent.version())
        .allSatisfy(s -> assertThat(s.endpoints()).isNotEmpty());
  }

  private static byte[] json(String address) {
    return ("{\"address\":\"" + address + "\",\"port\":80}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
