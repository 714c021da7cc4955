package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent registering into a real ZooKeeper (curator-test's TestingServer), Curator layout. */
class ZooKeeperRegistrationIT {

  @TempDir Path state;
  private final TestApp app = new TestApp("orders");
  private TestingServer zookeeper;
  private CuratorFramework reader;
  private Agent agent;

  @BeforeEach
  void setUp() throws Exception {
    zookeeper = new TestingServer();
    reader = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
    reader.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    reader.close();
    zookeeper.close();
    app.close();
  }

  private List<String> instances() throws Exception {
    try {
      return reader.getChildren().forPath("/services/orders");
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  @Test
  void ephemeralNodePresentWhileHealthyGoneOnStop() throws Exception {
    String registration = "{type: zookeeper, zookeeper: {connectString: '"
        + zookeeper.getConnectString() + "', layout: curator}}";
    agent = Agent.start(Configs.parse(Configs.yaml(state, Configs.freePort(), app, registration)),
        Map.of(), Clock.systemUTC());

    await().until(() -> instances().equals(List.of("vm1")));
    app.healthy(false);
    await().until(() -> instances().isEmpty());
    app.healthy(true);
    await().until(() -> instances().equals(List.of("vm1")));

    agent.close();
    assertThat(instances()).isEmpty();
  }
}
