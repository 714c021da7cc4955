package io.meshbridge.proxy.dataplane.upstream;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Envoy's cluster circuit breakers (priority DEFAULT): counts of open connections, requests waiting
 * for a connection, active requests and active retries to one cluster, shared by every event loop
 * (atomics, no lock). One instance per cluster name lives across config updates of that cluster,
 * so permits taken before an update are returned to the same counts; new thresholds apply to the
 * next acquisition.
 *
 * <p>Every {@code tryAcquire*} that returns false has counted the overflow ({@code
 * upstream_cx_overflow}, {@code upstream_rq_pending_overflow} for pending and request overflow, as
 * Envoy, {@code upstream_rq_retry_overflow}); the caller answers {@link #OVERFLOW_STATUS} with
 * {@link #OVERFLOW_TEXT} and flags the access log entry {@code UO}.
 */
public final class CircuitBreakers {

  /** What Envoy answers when a circuit breaker trips. */
  public static final int OVERFLOW_STATUS = 503;

  public static final String OVERFLOW_TEXT =
      "upstream connect error or disconnect/reset before headers. reset reason: overflow";

  /** Which limit a request ran into. */
  public enum Resource {
    CONNECTIONS,
    PENDING_REQUESTS,
    REQUESTS,
    RETRIES
  }

  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final LongAdder cxOverflow;
  private final LongAdder pendingOverflow;
  private final LongAdder retryOverflow;
  private volatile CircuitBreakerThresholds thresholds;

  public CircuitBreakers(
      CircuitBreakerThresholds thresholds,
      LongAdder cxOverflow,
      LongAdder pendingOverflow,
      LongAdder retryOverflow) {
    this.thresholds = requireNonNull(thresholds, "thresholds");
    this.cxOverflow = requireNonNull(cxOverflow, "cxOverflow");
    this.pendingOverflow = requireNonNull(pendingOverflow, "pendingOverflow");
    this.retryOverflow = requireNonNull(retryOverflow, "retryOverflow");
  }

  /** The thresholds of the cluster's latest config. */
  public void update(CircuitBreakerThresholds next) {
    thresholds = requireNonNull(next, "next");
  }

  public CircuitBreakerThresholds thresholds() {
    return thresholds;
  }

  /** A request may start (max_requests); false counts {@code upstream_rq_pending_overflow}. */
  public boolean tryAcquireRequest() {
    return tryAcquire(requests, thresholds.maxRequests(), pendingOverflow);
  }

  public void releaseRequest() {
    requests.decrementAndGet();
  }

  /**
   * A request may wait for a connection (max_pending_requests); false counts {@code
   * upstream_rq_pending_overflow}.
   */
  public boolean tryAcquirePending() {
    return tryAcquire(pending, thresholds.maxPendingRequests(), pendingOverflow);
  }

  public void releasePending() {
    pending.decrementAndGet();
  }

  /** A connection may be opened (max_connections); false counts {@code upstream_cx_overflow}. */
  public boolean tryAcquireConnection() {
    return tryAcquire(connections, thresholds.maxConnections(), cxOverflow);
  }

  public void releaseConnection() {
    connections.decrementAndGet();
  }

  /**
   * A retry may be sent (max_retries): for the retry code, which releases the permit when the retry
   * attempt ends; false counts {@code upstream_rq_retry_overflow} (the request then ends with the
   * last attempt's result, as Envoy).
   */
  public boolean tryAcquireRetry() {
    return tryAcquire(retries, thresholds.maxRetries(), retryOverflow);
  }

  public void releaseRetry() {
    retries.decrementAndGet();
  }

  /** How many of {@code resource} are in use now. */
  public int inUse(Resource resource) {
    return switch (resource) {
      case CONNECTIONS -> connections.get();
      case PENDING_REQUESTS -> pending.get();
      case REQUESTS -> requests.get();
      case RETRIES -> retries.get();
    };
  }

  private static boolean tryAcquire(AtomicInteger count, int limit, LongAdder overflow) {
    while (true) {
      int now = count.get();
      if (now >= limit) {
        overflow.increment();
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }
}
