package io.meshbridge.proxy.dataplane.stats;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One listener's series, labelled {@code listener=<stat prefix>} (Envoy keys these
 * HttpConnectionManager stats by {@code stat_prefix}). Looked up once, then shared by every
 * connection of the listener.
 */
public final class ListenerStats {

  private final LongAdder requests;
  private final LongAdder noRoute;
  private final LongAdder activeConnections = new LongAdder();

  ListenerStats(StatsRegistry registry, String listener) {
    Map<String, String> labels = Map.of("listener", listener);
    requests = registry.counter("downstream_rq_total", "Downstream requests.", labels);
    noRoute = registry.counter("no_route_total", "Requests that matched no route.", labels);
    registry.gauge(
        "downstream_cx_active", "Open downstream connections.", labels, activeConnections::sum);
  }

  public LongAdder requests() {
    return requests;
  }

  public LongAdder noRoute() {
    return noRoute;
  }

  /** Incremented when a connection opens, decremented when it closes. */
  public LongAdder activeConnections() {
    return activeConnections;
  }
}
