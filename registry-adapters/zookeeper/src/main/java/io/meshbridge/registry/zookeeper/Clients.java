package io.meshbridge.registry.zookeeper;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/** Builds the Curator client the registry and the registrar use. */
final class Clients {

  /**
   * A client for {@code config}, not started. One operation is retried a few times, briefly;
   * reconnecting after an outage is the ZooKeeper client's own loop and is not bounded.
   */
  static CuratorFramework newClient(ZooKeeperConfig config) {
    return CuratorFrameworkFactory.builder()
        .connectString(config.connectString())
        .sessionTimeoutMs(Math.toIntExact(config.sessionTimeout().toMillis()))
        .connectionTimeoutMs(Math.toIntExact(config.connectionTimeout().toMillis()))
        .retryPolicy(new BoundedExponentialBackoffRetry(100, 2_000, 3))
        // Keep the connect string the user gave; do not follow the ensemble's own config.
        .ensembleTracker(false)
        .build();
  }

  private Clients() {}
}
