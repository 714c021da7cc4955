package io.meshbridge.proxy.dataplane.stats;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Creates each listener's and cluster's stats once and hands out the same objects on every config
 * update, so counters keep counting and gauges keep their registration.
 */
public final class StatsCache {

  private final StatsRegistry registry;
  private final ConcurrentMap<String, ListenerStats> listeners = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ClusterStats> clusters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RateLimitStats> rateLimits = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, TcpStats> tcpProxies = new ConcurrentHashMap<>();
  private final ConcurrentMap<RbacStats.Key, RbacStats> rbac = new ConcurrentHashMap<>();

  public StatsCache(StatsRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** The stats of the listener(s) with stat prefix {@code statPrefix}. */
  public ListenerStats listener(String statPrefix) {
    return listeners.computeIfAbsent(statPrefix, p -> new ListenerStats(registry, p));
  }

  /** The stats of the local rate limit(s) with stat prefix {@code statPrefix}. */
  public RateLimitStats rateLimit(String statPrefix) {
    return rateLimits.computeIfAbsent(statPrefix, p -> new RateLimitStats(registry, p));
  }

  /** The stats of cluster {@code name}. */
  public ClusterStats cluster(String name) {
    return clusters.computeIfAbsent(name, n -> new ClusterStats(registry, n));
  }

  /** The stats of the tcp_proxy filter(s) with stat prefix {@code statPrefix}. */
  public TcpStats tcp(String statPrefix) {
    return tcpProxies.computeIfAbsent(statPrefix, p -> new TcpStats(registry, p));
  }

  /** The counters of the RBAC filter(s) with these stat prefixes. */
  public RbacStats rbac(String statPrefix, String rulesPrefix, String shadowPrefix) {
    return rbac.computeIfAbsent(
        new RbacStats.Key(statPrefix, rulesPrefix, shadowPrefix), k -> new RbacStats(registry, k));
  }
}
