package io.meshbridge.proxy.dataplane.stats;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** One cluster's series, labelled {@code cluster=<name>}. Looked up once per cluster. */
public final class ClusterStats {

  private static final String[] CODE_CLASSES = {"2xx", "3xx", "4xx", "5xx"};

  private final LongAdder[] requestsByClass = new LongAdder[CODE_CLASSES.length];
  private final LongAdder connections;
  private final LongAdder activeConnections = new LongAdder();
  private final LongAdder connectFailures;
  private final LongAdder noHealthyUpstream;
  private final LongAdder timeouts;
  private final LongAdder cxOverflow;
  private final LongAdder pendingOverflow;
  private final LongAdder retryOverflow;
  private final AtomicInteger ejectionsActive = new AtomicInteger();
  private final LongAdder ejectionsTotal;
  private volatile IntSupplier pendingActive = () -> 0;
  private volatile IntSupplier requestsActive = () -> 0;

  ClusterStats(StatsRegistry registry, String cluster) {
    Map<String, String> labels = Map.of("cluster", cluster);
    for (int i = 0; i < CODE_CLASSES.length; i++) {
      requestsByClass[i] =
          registry.counter(
              "upstream_rq_total",
              "Upstream requests by response code class.",
              Map.of("cluster", cluster, "code_class", CODE_CLASSES[i]));
    }
    connections = registry.counter("upstream_cx_total", "Upstream connections opened.", labels);
    registry.gauge(
        "upstream_cx_active", "Open upstream connections.", labels, activeConnections::sum);
    connectFailures =
        registry.counter("upstream_cx_connect_fail_total", "Upstream connection failures.", labels);
    noHealthyUpstream =
        registry.counter(
            "no_healthy_upstream_total",
            "Requests for a cluster with no healthy endpoint.",
            labels);
    timeouts =
        registry.counter("upstream_rq_timeout_total", "Upstream requests that timed out.", labels);
    cxOverflow =
        registry.counter(
            "upstream_cx_overflow", "Connections the max_connections breaker refused.", labels);
    pendingOverflow =
        registry.counter(
            "upstream_rq_pending_overflow",
            "Requests failed by the max_pending_requests or max_requests breaker.",
            labels);
    retryOverflow =
        registry.counter(
            "upstream_rq_retry_overflow", "Retries the max_retries breaker refused.", labels);
    registry.gauge(
        "outlier_detection_ejections_active",
        "Hosts ejected by outlier detection now.",
        labels,
        ejectionsActive::get);
    ejectionsTotal =
        registry.counter(
            "outlier_detection_ejections_total", "Hosts ejected by outlier detection.", labels);
    registry.gauge(
        "upstream_rq_pending_active",
        "Requests waiting for an upstream connection.",
        labels,
        () -> pendingActive.getAsInt());
    registry.gauge(
        "upstream_rq_active", "Upstream requests in flight.", labels,
        () -> requestsActive.getAsInt());
  }

  /** Where the pending and active request gauges read from (the cluster's circuit breakers). */
  public void activeRequests(IntSupplier pending, IntSupplier requests) {
    pendingActive = pending;
    requestsActive = requests;
  }

  /** Counts a final response (or a local 503/504 standing in for one) by its code class. */
  public void response(int status) {
    int index = status / 100 - 2;
    if (index >= 0 && index < requestsByClass.length) {
      requestsByClass[index].increment();
    }
  }

  /** Connection attempts. */
  public LongAdder connections() {
    return connections;
  }

  public LongAdder activeConnections() {
    return activeConnections;
  }

  public LongAdder connectFailures() {
    return connectFailures;
  }

  public LongAdder noHealthyUpstream() {
    return noHealthyUpstream;
  }

  public LongAdder timeouts() {
    return timeouts;
  }

  public LongAdder cxOverflow() {
    return cxOverflow;
  }

  public LongAdder pendingOverflow() {
    return pendingOverflow;
  }

  public LongAdder retryOverflow() {
    return retryOverflow;
  }

  public AtomicInteger ejectionsActive() {
    return ejectionsActive;
  }

  public LongAdder ejectionsTotal() {
    return ejectionsTotal;
  }
}
