package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.dataplane.filter.LocalRateLimiter;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.rbac.RbacFilter;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
   * Without a scheduler: outlier detectors get no interval timer (see {@link ClusterEnvironment}).
   */
  public static Snapshot build(ProxyConfig config, Snapshot previous, StatsCache stats) {
    return build(config, previous, stats, ClusterEnvironment.MANUAL);
  }

  /**
   * {@link #build(ProxyConfig, Snapshot, StatsCache)}, with each cluster's {@link ClusterRuntime}
   * (breakers, outlier detector) carried over by name and timers on {@code env}. Runs on {@code
   * env}'s serializing executor.
   */
  public static Snapshot build(
      ProxyConfig config, Snapshot previous, StatsCache stats, ClusterEnvironment env) {
    Map<String, RouteTable> routes = new HashMap<>();
    config.routes().forEach(
        (name, rc) -> routes.put(name, compile(rc, previous.routes.get(name), stats)));
    Map<String, ClusterState> clusters = new HashMap<>();
    Set<UpstreamKey> upstreams = new HashSet<>();
    for (ClusterConfig cc : config.clusters().values()) {
      ClusterState before = previous.clusters.get(cc.name());
      ClusterRuntime runtime;
      if (before != null) {
        runtime = before.runtime();
        runtime.update(cc);
      } else {
        runtime = new ClusterRuntime(cc, stats.cluster(cc.name()), env);
      }
      Endpoints endpoints = endpoints(cc, config, before, runtime, env);
      clusters.put(cc.name(), new ClusterState(cc, endpoints, stats.cluster(cc.name()), runtime));
      upstreams.addAll(endpoints.keys());
    }
    previous.clusters.forEach(
        (name, state) -> {
          if (!clusters.containsKey(name)) {
            state.runtime().close();
          }
        });
    return new Snapshot(listenerStates(config.listeners(), stats), routes, clusters, upstreams);
  }

  /** The previous instance when nothing it was built from changed, else a new one. */
  private static Endpoints endpoints(
      ClusterConfig cc,
      ProxyConfig config,
      @Nullable ClusterState before,
      ClusterRuntime runtime,
      ClusterEnvironment env) {
    List<EndpointConfig> all = config.endpointsOf(cc.name());
    if (before != null) {
      Endpoints old = before.endpoints();
      if (old.policy() == cc.lbPolicy()
          && old.settings().equals(cc.lb())
          && old.transport().equals(cc.transport())
          && old.detector() == runtime.detector()
          && old.all().equals(all)) {
        return old;
      }
    }
    return Endpoints.serving(cc, all, runtime.detector(), env.nanoTime());
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
          states.put(
              name,
              new ListenerState(
                  lc,
                  stats.listener(prefix),
                  RbacFilter.of(lc.rbacFilters(), stats),
                  lc.tcpChains().stream().map(c -> RbacFilter.of(c.rbac(), stats)).toList()));
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
