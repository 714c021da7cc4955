package io.meshbridge.registry.zookeeper;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;

/** Helpers for tests against curator-test's in-process ZooKeeper. */
final class ZooKeeperTesting {

  /** A started client that writes what a test needs, straight to the server. */
  static CuratorFramework writer(TestingServer server) {
    CuratorFramework client = CuratorFrameworkFactory.newClient(
        server.getConnectString(), 10_000, 5_000, new RetryOneTime(100));
    client.start();
    return client;
  }

  static void create(CuratorFramework client, String path, String data) throws Exception {
    client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
        .forPath(path, data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private ZooKeeperTesting() {}
}
