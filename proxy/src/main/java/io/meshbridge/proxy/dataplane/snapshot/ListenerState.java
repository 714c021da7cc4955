package io.meshbridge.proxy.dataplane.snapshot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.dataplane.stats.ListenerStats;

/** A listener as requests see it: its config (route table, stat prefix) and its stats. */
public record ListenerState(ListenerConfig config, ListenerStats stats) {

  public ListenerState {
    requireNonNull(config, "config");
    requireNonNull(stats, "stats");
  }
}
