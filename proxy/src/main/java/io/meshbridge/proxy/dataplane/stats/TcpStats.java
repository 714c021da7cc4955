package io.meshbridge.proxy.dataplane.stats;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code tcp_proxy}'s series, labelled {@code stat_prefix=<prefix>} (Envoy's {@code
 * tcp.<stat_prefix>.*}). Looked up once per filter chain config.
 */
public final class TcpStats {

  private final LongAdder connections;
  private final LongAdder activeConnections = new LongAdder();
  private final LongAdder receivedBytes;
  private final LongAdder sentBytes;
  private final LongAdder connectFailures;
  private final LongAdder noRoute;

  TcpStats(StatsRegistry registry, String statPrefix) {
    Map<String, String> labels = Map.of("stat_prefix", statPrefix);
    connections = registry.counter(
        "tcp_downstream_cx_total", "Downstream connections of a tcp_proxy.", labels);
    registry.gauge(
        "tcp_downstream_cx_active", "Open downstream connections of a tcp_proxy.", labels,
        activeConnections::sum);
    receivedBytes = registry.counter(
        "tcp_downstream_cx_rx_bytes_total", "Bytes read from downstream connections.", labels);
    sentBytes = registry.counter(
        "tcp_downstream_cx_tx_bytes_total", "Bytes written to downstream connections.", labels);
    connectFailures = registry.counter(
        "tcp_upstream_cx_connect_fail_total",
        "Downstream connections closed because the upstream connect failed.", labels);
    noRoute = registry.counter(
        "tcp_no_route_total",
        "Downstream connections closed for want of a cluster, an endpoint or a matching chain.",
        labels);
  }

  public LongAdder connections() {
    return connections;
  }

  public LongAdder activeConnections() {
    return activeConnections;
  }

  public LongAdder receivedBytes() {
    return receivedBytes;
  }

  public LongAdder sentBytes() {
    return sentBytes;
  }

  public LongAdder connectFailures() {
    return connectFailures;
  }

  public LongAdder noRoute() {
    return noRoute;
  }
}
