package io.meshbridge.proxy.dataplane.snapshot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;

/** A cluster as requests see it: its config, the endpoints that serve traffic, its stats. */
public record ClusterState(ClusterConfig config, Endpoints endpoints, ClusterStats stats) {

  public ClusterState {
    requireNonNull(config, "config");
    requireNonNull(endpoints, "endpoints");
    requireNonNull(stats, "stats");
  }

  public String name() {
    return config.name();
  }
}
