package io.meshbridge.proxy.dataplane.snapshot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;

/**
 * A cluster as requests see it: its config, the endpoints that serve traffic, its stats, and what
 * it keeps across updates (circuit breakers, outlier detector).
 */
public record ClusterState(
    ClusterConfig config, Endpoints endpoints, ClusterStats stats, ClusterRuntime runtime) {

  public ClusterState {
    requireNonNull(config, "config");
    requireNonNull(endpoints, "endpoints");
    requireNonNull(stats, "stats");
    requireNonNull(runtime, "runtime");
  }

  /** A cluster state with a runtime of its own and no detection timer (tests). */
  public ClusterState(ClusterConfig config, Endpoints endpoints, ClusterStats stats) {
    this(config, endpoints, stats, ClusterRuntime.standalone(config, stats));
  }

  public String name() {
    return config.name();
  }

  /** The cluster's circuit breakers, shared by every event loop and kept across updates. */
  public CircuitBreakers breakers() {
    return runtime.breakers();
  }
}
