package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.http.RetryRules.Failure;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.Endpoints;
import org.jspecify.annotations.Nullable;

/**
 * What one request's tries count against its cluster: the max_requests permit (one per request),
 * the max_retries permit of the retry in progress ({@link RetryState#takeRetry}), the response
 * stats, endpoint load, and outlier detection. Every permit is returned exactly once. Confined to
 * the downstream event loop, like its {@link Exchange}.
 */
final class ClusterAccounting {

  private final ClusterState cluster;
  private final RetryState retry;
  private boolean holdsRequestPermit;

  ClusterAccounting(ClusterState cluster, RetryState retry) {
    this.cluster = cluster;
    this.retry = retry;
  }

  /** Takes the request's max_requests permit; false: overflow (counted by the breakers). */
  boolean acquireRequest() {
    holdsRequestPermit = cluster.breakers().tryAcquireRequest();
    return holdsRequestPermit;
  }

  /**
   * The result of attempt {@code a}: its response status ({@code failure} null), or 503 (connect
   * failure, reset, overflow) / 504 (per-try or route timeout) standing in for one. Acts once per
   * attempt: counts it, returns the retry permit it ran under, finishes its endpoint's load, and
   * reports it to outlier detection: a response with its latency (which also feeds PEAK_EWMA), a
   * connect failure, a reset or protocol error as 503, a timeout as 504; an overflow reached no
   * host and is not reported.
   */
  void outcome(Attempt a, int status, @Nullable Failure failure) {
    if (!a.takeOutcome()) {
      return;
    }
    retry.releaseRetryPermit(cluster.breakers());
    cluster.stats().response(status);
    Endpoints endpoints = cluster.endpoints();
    if (failure == null) {
      endpoints.responded(a.endpoint(), status, System.nanoTime() - a.startNanos());
    } else if (failure == Failure.CONNECT_FAILURE) {
      endpoints.connectFailed(a.endpoint());
    } else if (failure != Failure.OVERFLOW) {
      endpoints.report(a.endpoint(), status);
    }
    endpoints.finished(a.endpoint());
  }

  /** {@code a} is abandoned without a result (e.g. the client left): only its load ends. */
  void abandoned(Attempt a) {
    if (a.takeOutcome()) {
      retry.releaseRetryPermit(cluster.breakers());
      cluster.endpoints().finished(a.endpoint());
    }
  }

  /** The exchange ended: returns the request's permit and a retry's permit still held. */
  void releasePermits() {
    retry.releaseRetryPermit(cluster.breakers());
    if (holdsRequestPermit) {
      holdsRequestPermit = false;
      cluster.breakers().releaseRequest();
    }
  }
}
