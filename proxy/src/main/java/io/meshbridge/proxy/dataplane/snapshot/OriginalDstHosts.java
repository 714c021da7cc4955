package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.OriginalDstConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The hosts of one {@code ORIGINAL_DST} cluster, created on demand (one per original destination
 * {@code ip:port}) and dropped once unused for the cluster's {@code cleanup_interval}, as Envoy.
 * Shared by every event loop: a concurrent map; the sweep runs on whichever caller finds it due
 * (at most one at a time), in O(hosts), never blocking.
 */
public final class OriginalDstHosts {

  private final Map<String, Host> hosts = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;
  private final LongSupplier nanoTime;

  OriginalDstHosts(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastSweep = new AtomicLong(nanoTime.getAsLong());
  }

  private static final class Host {
    final Endpoints endpoints;
    final ClusterConfig config;
    volatile long lastUsed;

    Host(Endpoints endpoints, ClusterConfig config, long now) {
      this.endpoints = endpoints;
      this.config = config;
      this.lastUsed = now;
    }
  }

  /**
   * The one-endpoint cluster state for {@code ip:port} of {@code cluster} (an ORIGINAL_DST one):
   * its config, stats and runtime (circuit breakers) are the cluster's.
   */
  public ClusterState host(ClusterState cluster, String ip, int port) {
    OriginalDstConfig od = java.util.Objects.requireNonNull(
        cluster.config().originalDst(), "cluster.config().originalDst()");
    long now = nanoTime.getAsLong();
    sweepIfDue(now, od.cleanupInterval().toNanos());
    String key = ip + "|" + port;
    Host host = hosts.get(key);
    if (host == null || host.config != cluster.config()) {
      EndpointConfig endpoint = new EndpointConfig(
          ip, port, EndpointConfig.Health.HEALTHY, 1, Map.of());
      host = new Host(
          Endpoints.serving(cluster.config(), List.of(endpoint), null, nanoTime),
          cluster.config(), now);
      hosts.put(key, host);
    }
    host.lastUsed = now;
    return new ClusterState(cluster.config(), host.endpoints, cluster.stats(), cluster.runtime());
  }

  /** How many hosts are kept now. */
  public int size() {
    return hosts.size();
  }

  private void sweepIfDue(long now, long interval) {
    long last = lastSweep.get();
    if (now - last < interval || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    hosts.values().removeIf(h -> now - h.lastUsed >= interval);
  }
}
