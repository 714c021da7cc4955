package io.meshbridge.proxy.dataplane.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry bookkeeping of one request: which endpoints its attempts used, how many retries it
 * spent, and its one free retry of the keep-alive race. Also the one place where a request's
 * endpoints are picked. Confined to the downstream event loop.
 */
final class RetryState {

  private final RetryPolicy policy;
  private final boolean idempotent;
  private final boolean grpc;
  private final BitSet previousHosts = new BitSet();
  private int retries;
  private boolean raceRetried;

  /** @param grpc whether the request is a gRPC call (content-type application/grpc) */
  RetryState(RetryPolicy policy, boolean idempotent, boolean grpc) {
    this.policy = requireNonNull(policy, "policy");
    this.idempotent = idempotent;
    this.grpc = grpc;
  }

  RetryPolicy policy() {
    return policy;
  }

  boolean idempotent() {
    return idempotent;
  }

  /** Retries spent (not counting the keep-alive race retry). */
  int retries() {
    return retries;
  }

  /**
   * Picks the endpoint of the next attempt: -1 when none serves traffic. With the {@code
   * previous_hosts} predicate, picks again (up to the policy's host selection attempts) while the
   * pick was used by an earlier attempt, and keeps the last pick when all were.
   */
  int pickEndpoint(ClusterState cluster) {
    int picks = policy.avoidPreviousHosts() ? policy.hostSelectionMaxAttempts() : 1;
    int endpoint = -1;
    for (int i = 0; i < picks; i++) {
      endpoint = cluster.endpoints().pick();
      if (endpoint < 0 || !previousHosts.get(endpoint)) {
        break;
      }
    }
    if (endpoint >= 0) {
      previousHosts.set(endpoint);
    }
    return endpoint;
  }

  /** Whether the policy retries {@code failure} (retries left or not). */
  boolean retries(RetryRules.Failure failure) {
    return RetryRules.retries(policy, failure, idempotent);
  }

  /** Whether the policy retries a response with these codes (retries left or not). */
  boolean retries(int status, int grpcStatus) {
    return RetryRules.retries(policy, status, grpcStatus, idempotent, grpc);
  }

  /** Whether a gRPC status that only the trailers carry could still cause a retry. */
  boolean mayRetryOnTrailers() {
    return RetryRules.hasGrpcCondition(policy)
        && (idempotent || grpc || policy.retryNonIdempotent())
        && retries < policy.numRetries();
  }

  /**
   * Whether a retriable outcome may still be retried; if so counts the retry, else counts (and
   * flags) the retries as used up.
   */
  boolean takeRetry(ClusterStats stats, RequestLog log) {
    if (retries >= policy.numRetries()) {
      stats.retryLimitExceeded().increment();
      log.flag(ResponseFlag.URX);
      return false;
    }
    retries++;
    stats.retries().increment();
    return true;
  }

  /** The response going downstream was chosen; {@code retriable}: it is a retriable failure. */
  void succeeded(ClusterStats stats, boolean retriable) {
    if (retries > 0 && !retriable) {
      stats.retrySuccesses().increment();
    }
  }

  /**
   * Whether a reused keep-alive connection that closed before any response may be replayed on a
   * fresh one: once per request, idempotent requests only, not counted as a retry.
   */
  boolean takeRaceRetry() {
    if (raceRetried || !idempotent) {
      return false;
    }
    raceRetried = true;
    return true;
  }

  /** The backoff before the retry just taken. */
  long backoffNanos() {
    return Backoff.delayNanos(policy, retries, ThreadLocalRandom.current());
  }
}
