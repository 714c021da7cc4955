package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.dataplane.filter.LocalRateLimiter;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ProxyConfig}, compiled for the hot path. Immutable; published as a whole, so a request
 * that reads it once sees listeners, routes, clusters and endpoints of the same update.
 *
 * @param listeners by listener name
 * @param routes compiled route tables by name
 * @param clusters by cluster name
 * @param upstreams every endpoint that serves traffic, as pool keys
 */
public record Snapshot(
    Map<String, ListenerState> listeners,
    Map<String, RouteTable> routes,
    Map<String, ClusterState> clusters,
    Set<UpstreamKey> upstreams) {

  public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of(), Set.of());

  public Snapshot {
    listeners = Map.copyOf(listeners);
    routes = Map.copyOf(routes);
    clusters = Map.copyOf(clusters);
    upstreams = Set.copyOf(upstreams);
  }

  /**
   * Compiles {@code config}. What did not change is carried over from {@code previous}: compiled
   * route tables, and each cluster's {@link Endpoints} instance (so balancers keep their state).
   */
  public static Snapshot build(ProxyConfig config, Snapshot previous, StatsCache stats) {
    Map<String, RouteTable> routes = new HashMap<>();
    config.routes().forEach(
        (name, rc) -> routes.put(name, compile(rc, previous.routes.get(name), stats)));
    Map<String, ClusterState> clusters = new HashMap<>();
    Set<UpstreamKey> upstreams = new HashSet<>();
    for (ClusterConfig cc : config.clusters().values()) {
      Endpoints endpoints =
          Endpoints.serving(cc.name(), config.endpointsOf(cc.name()), cc.lbPolicy());
      ClusterState before = previous.clusters.get(cc.name());
      if (before != null
          && before.endpoints().policy() == endpoints.policy()
          && before.endpoints().list().equals(endpoints.list())) {
        endpoints = before.endpoints();
      }
      clusters.put(cc.name(), new ClusterState(cc, endpoints, stats.cluster(cc.name())));
      upstreams.addAll(endpoints.keys());
    }
    return new Snapshot(listenerStates(config.listeners(), stats), routes, clusters, upstreams);
  }

  /** This snapshot with its listeners replaced, e.g. to restore one whose bind failed. */
  public Snapshot withListeners(Map<String, ListenerConfig> configs, StatsCache stats) {
    return new Snapshot(listenerStates(configs, stats), routes, clusters, upstreams);
  }

  private static Map<String, ListenerState> listenerStates(
      Map<String, ListenerConfig> configs, StatsCache stats) {
    Map<String, ListenerState> states = new HashMap<>();
    configs.forEach(
        (name, lc) -> {
          String prefix = lc.statPrefix().isEmpty() ? name : lc.statPrefix();
          states.put(name, new ListenerState(lc, stats.listener(prefix)));
        });
    return states;
  }

  private static RouteTable compile(
      RouteConfig config, @Nullable RouteTable before, StatsCache stats) {
    return before != null && before.config().equals(config)
        ? before
        : RouteTable.of(
            config,
            limit ->
                new LocalRateLimiter(limit, stats.rateLimit(limit.statPrefix()), System::nanoTime));
  }
}
