package io.meshbridge.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.support.RegistryLifecycle;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services and endpoints from ZooKeeper, in Curator's service-discovery layout or Dubbo's, watched
 * with one persistent recursive watch on the base path (no polling).
 *
 * <p>{@link #start} returns at once; the first snapshot follows once ZooKeeper has been read. On a
 * connection loss or session expiry the last content is published marked stale; after reconnecting
 * the whole base path is read again, so changes made meanwhile are not missed, and the snapshot is
 * fresh again. An instance that cannot be read is left out and named in the snapshot's problems.
 * See the module README for the layouts and the naming rules.
 */
public final class ZooKeeperRegistry implements RegistryAdapter {

  private static final Logger logger = LoggerFactory.getLogger(ZooKeeperRegistry.class);

  private final ZooKeeperConfig config;

  private final RegistryLifecycle lifecycle;
  // Set once by start, read by close and tests.
  private volatile @Nullable CuratorFramework client;
  private volatile @Nullable PersistentWatcher watcher;

  public ZooKeeperRegistry(ZooKeeperConfig config) {
    this.config = requireNonNull(config, "config");
    this.lifecycle = new RegistryLifecycle("zookeeper registry " + config.id());
  }

  @Override
  public String id() {
    return config.id();
  }

  public ZooKeeperConfig config() {
    return config;
  }

  /**
   * Connects and watches in the background; snapshots go to {@code listener} from the registry's
   * thread, {@code zookeeper-registry-<id>}.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    lifecycle.start("zookeeper-registry-" + id(), thread -> {
      Executor onThread = lifecycle.executorUntilClosed(thread);
      CuratorFramework curator = Clients.newClient(config);
      WatchState state =
          new WatchState(config, curator, onThread, lifecycle.listenerUntilClosed(listener));
      curator.getConnectionStateListenable()
          .addListener((c, newState) -> state.onConnectionState(newState), onThread);
      PersistentWatcher recursive = new PersistentWatcher(curator, config.basePath(), true);
      recursive.getListenable().addListener(state::onEvent, onThread);
      recursive.getResetListenable().addListener(state::fullRead, onThread);
      curator.start();
      recursive.start();
      client = curator;
      watcher = recursive;
      logger.info("zookeeper registry {}: watching {}{} ({} layout)", id(),
          config.connectString(), config.basePath(), config.layout());
    });
  }

  /** Stops watching, disconnects and stops the registry's thread; idempotent. */
  @Override
  public void close() {
    lifecycle.close(() -> {
      PersistentWatcher w = watcher;
      if (w != null) {
        w.close();
      }
      CuratorFramework c = client;
      if (c != null) {
        c.close();
      }
    });
  }

  /** The Curator client once started, for tests that expire its session. */
  @Nullable CuratorFramework curator() {
    return client;
  }

  @Override
  public String toString() {
    return "ZooKeeperRegistry{id=" + id() + ", " + config.connectString() + config.basePath()
        + ", " + config.layout() + "}";
  }
}
