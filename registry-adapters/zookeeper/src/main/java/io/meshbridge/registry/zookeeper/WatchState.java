package io.meshbridge.registry.zookeeper;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.support.SnapshotSequencer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.WatchedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one registry knows of ZooKeeper, and the snapshots it publishes. Every method runs on the
 * registry's one thread, which owns all of this state.
 *
 * <p>A full read replaces everything (at start, after the recursive watch is set again, and on
 * every (re)connection); a watch event re-reads just its node. Snapshots are published after a
 * batch of work, only when the content or the staleness changed. When the connection is
 * suspended or lost, the last content is published marked stale at once (a reconnect already
 * queued behind must not hide the outage); the first full read after reconnecting publishes it
 * fresh again.
 */
final class WatchState {

  private static final Logger logger = LoggerFactory.getLogger(WatchState.class);

  private final ZooKeeperConfig config;
  private final ZnodeTree tree;
  private final CuratorFramework client;
  private final Executor thread;
  private final SnapshotSequencer sequencer;

  private final SortedMap<String, ParsedNode> nodes = new TreeMap<>();
  private boolean readOnce;
  private @Nullable ConnectionState connection;
  private boolean publishScheduled;

  WatchState(ZooKeeperConfig config, CuratorFramework client, Executor thread,
      SnapshotListener listener) {
    this.config = config;
    this.tree = new ZnodeTree(config.layout(), config.basePath());
    this.client = client;
    this.thread = thread;
    this.sequencer =
        new SnapshotSequencer("zookeeper registry " + config.id(), config.id(), listener);
  }

  void onConnectionState(ConnectionState state) {
    logger.info("zookeeper registry {}: connection {} ({})", config.id(), state,
        config.connectString());
    connection = state;
    if (state.isConnected()) {
      fullRead();
    } else {
      // Right away, not batched: a reconnect already queued must not hide the outage.
      publish();
    }
  }

  /** Reads everything under the base path again; on failure keeps what it had. */
  void fullRead() {
    Map<String, ParsedNode> read;
    try {
      read = tree.readAll(client);
    } catch (Exception e) {
      // The connection went away mid-read: reconnecting reads again.
      logger.warn("zookeeper registry {}: cannot read {} ({}); keeping the last content",
          config.id(), config.basePath(), e.toString());
      return;
    }
    nodes.clear();
    nodes.putAll(read);
    readOnce = true;
    schedulePublish();
  }

  void onEvent(WatchedEvent event) {
    String path = event.getPath();
    if (path == null || !tree.contains(path)) {
      return; // a connection state event: handled through onConnectionState
    }
    switch (event.getType()) {
      case NodeCreated, NodeDataChanged -> {
        if (tree.isInstance(path)) {
          reread(path);
        }
      }
      case NodeDeleted -> {
        // A deleted service or base node takes whatever is left below it.
        nodes.remove(path);
        nodes.subMap(path + "/", path + "0").clear(); // '0' sorts right after '/'
        schedulePublish();
      }
      default -> {
        // NodeChildrenChanged does not come from recursive watches; nothing else concerns nodes.
      }
    }
  }

  private void reread(String path) {
    try {
      ParsedNode node = tree.read(client, path);
      if (node == null) {
        nodes.remove(path);
      } else {
        nodes.put(path, node);
      }
      schedulePublish();
    } catch (Exception e) {
      // Lost the connection: the full read after reconnecting covers this node.
      logger.debug("zookeeper registry {}: cannot read {} ({})", config.id(), path, e.toString());
    }
  }

  private void schedulePublish() {
    if (!publishScheduled) {
      publishScheduled = true;
      // After the work already queued: one snapshot per batch.
      thread.execute(this::publishScheduled);
    }
  }

  private void publishScheduled() {
    publishScheduled = false;
    publish();
  }

  private void publish() {
    ConnectionState state = connection;
    if (!readOnce || state == null) {
      // Nothing read yet (no content to serve, stale or not), or read before the CONNECTED
      // notice arrived: that notice reads again and publishes.
      return;
    }
    boolean stale = !state.isConnected();
    RegistrySnapshot previous = sequencer.last();
    Contents contents = ContentAssembler.assemble(config.id(), config.namespace(),
        previous == null ? List.of() : previous.services(), nodes.values());
    List<String> problems = new ArrayList<>(contents.problems());
    if (stale) {
      problems.add("zookeeper " + config.connectString() + ": connection " + state
          + "; serving the content last read");
    }
    sequencer.publish(contents.services(), contents.endpoints(), stale, problems);
  }
}
