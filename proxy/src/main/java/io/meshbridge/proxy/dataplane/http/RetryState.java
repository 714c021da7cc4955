package io.meshbridge.proxy.dataplane.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;
import java.util.BitSet;
import java.util.OptionalLong;
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
  private final OptionalLong hash;
  private final BitSet previousHosts = new BitSet();
  /** Priorities of the attempts so far, and those left out of picks (previous_priorities). */
  private long attemptedPriorities;
  private long excludedPriorities;
  private int attempts;
  private int retries;
  private boolean raceRetried;
  private boolean holdsRetryPermit;

  /**
   * @param grpc whether the request is a gRPC call (content-type application/grpc)
   * @param hash the request's hash from the route's hash_policy, empty without one
   */
  RetryState(RetryPolicy policy, boolean idempotent, boolean grpc, OptionalLong hash) {
    this.policy = requireNonNull(policy, "policy");
    this.idempotent = idempotent;
    this.grpc = grpc;
    this.hash = requireNonNull(hash, "hash");
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
   * Picks the endpoint of the next attempt: -1 when none serves traffic. Every attempt (first try
   * and retries) picks with the request's hash, so a hashing cluster sends retries to the same
   * host. With the {@code previous_hosts} predicate, picks again (up to the policy's host selection
   * attempts) while the pick was used by an earlier attempt, and keeps the last pick when all were;
   * a hashed re-pick {@code n} uses the hash XOR {@code -n} (Envoy's Maglev re-pick; Envoy's ring
   * hash walks the ring instead), so it lands on another, still deterministic, host. With the
   * {@code previous_priorities} retry priority, every {@code update_frequency} attempts the
   * priorities tried so far are left out of later picks (all left out: none is, as Envoy).
   */
  int pickEndpoint(ClusterState cluster) {
    int frequency = policy.previousPrioritiesFrequency();
    if (frequency > 0 && attempts > 0 && attempts % frequency == 0) {
      excludedPriorities |= attemptedPriorities; // Envoy: every update_frequency attempts
    }
    int picks = policy.avoidPreviousHosts() ? policy.hostSelectionMaxAttempts() : 1;
    int endpoint = -1;
    for (int i = 0; i < picks; i++) {
      OptionalLong h =
          hash.isPresent() ? OptionalLong.of(hash.getAsLong() ^ -(long) i) : OptionalLong.empty();
      endpoint = cluster.endpoints().pick(h, excludedPriorities);
      if (endpoint < 0 || !previousHosts.get(endpoint)) {
        break;
      }
    }
    if (endpoint >= 0) {
      previousHosts.set(endpoint);
      int priority = cluster.endpoints().priority(endpoint);
      attemptedPriorities |= priority < 64 ? 1L << priority : 0;
      attempts++;
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
   * Whether a retriable outcome may still be retried; if so counts the retry and holds a
   * max_retries permit until {@link #releaseRetryPermit}. Refused when the retries are used up
   * (counted, flag {@code URX}) or the max_retries circuit breaker is full (counted {@code
   * upstream_rq_retry_overflow} by the breakers, flag {@code UO}): the request then ends with this
   * outcome, as Envoy.
   */
  boolean takeRetry(ClusterStats stats, CircuitBreakers breakers, RequestLog log) {
    if (retries >= policy.numRetries()) {
      stats.retryLimitExceeded().increment();
      log.flag(ResponseFlag.URX);
      return false;
    }
    releaseRetryPermit(breakers); // the previous retry's, if still held
    if (!breakers.tryAcquireRetry()) {
      log.flag(ResponseFlag.UO);
      return false;
    }
    holdsRetryPermit = true;
    retries++;
    stats.retries().increment();
    return true;
  }

  /** Returns the retry permit of the retry in progress, if any (at most once per permit). */
  void releaseRetryPermit(CircuitBreakers breakers) {
    if (holdsRetryPermit) {
      holdsRetryPermit = false;
      breakers.releaseRetry();
    }
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
