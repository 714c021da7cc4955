package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's route {@code retry_policy}, plus Meshbridge's opt-in for non-idempotent methods.
 *
 * @param retryOn the conditions that allow a retry
 * @param retriableStatusCodes the codes {@link RetryOn#RETRIABLE_STATUS_CODES} retries on
 * @param numRetries how many retries after the first attempt
 * @param perTryTimeout how long one attempt may take, or null for the route timeout only
 * @param avoidPreviousHosts Envoy's {@code previous_hosts} retry host predicate
 * @param hostSelectionMaxAttempts how many picks a retry makes to find a host the predicate
 *     accepts (Envoy's {@code host_selection_retry_max_attempts}, at least 1)
 * @param backoffBase the base of Envoy's jittered exponential backoff (25 ms)
 * @param backoffMax the longest backoff (250 ms, ten times the base)
 * @param retryNonIdempotent whether POST and PATCH are retried on every condition, not only on
 *     {@code connect-failure} and {@code refused-stream} (route metadata {@code
 *     filter_metadata["meshbridge"].retry_non_idempotent})
 * @param previousPrioritiesFrequency Envoy's {@code previous_priorities} retry priority's {@code
 *     update_frequency}, 0 without it
 */
public record RetryPolicy(
    Set<RetryOn> retryOn,
    Set<Integer> retriableStatusCodes,
    int numRetries,
    @Nullable Duration perTryTimeout,
    boolean avoidPreviousHosts,
    int hostSelectionMaxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    boolean retryNonIdempotent,
    int previousPrioritiesFrequency) {

  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);

  public static final RetryPolicy NONE = of(Set.of(), 0);

  /** Envoy's {@code retry_on} conditions this proxy implements. */
  public enum RetryOn {
    /** Any 5xx response, or a connect failure, reset or per-try timeout. */
    FIVE_XX("5xx"),
    /** A 502, 503 or 504 response, or a connect failure, reset or per-try timeout. */
    GATEWAY_ERROR("gateway-error"),
    CONNECT_FAILURE("connect-failure"),
    /** The upstream reset (closed) before a response began, or a per-try timeout. */
    RESET("reset"),
    /** A 409 response. */
    RETRIABLE_4XX("retriable-4xx"),
    /** An HTTP/2 REFUSED_STREAM; never happens over HTTP/1.1. */
    REFUSED_STREAM("refused-stream"),
    /** A response whose status is one of the policy's retriable status codes. */
    RETRIABLE_STATUS_CODES("retriable-status-codes"),
    GRPC_CANCELLED("cancelled", 1),
    GRPC_DEADLINE_EXCEEDED("deadline-exceeded", 4),
    GRPC_RESOURCE_EXHAUSTED("resource-exhausted", 8),
    GRPC_INTERNAL("internal", 13),
    GRPC_UNAVAILABLE("unavailable", 14);

    private final String envoyName;
    private final int grpcStatus;

    RetryOn(String envoyName) {
      this(envoyName, -1);
    }

    RetryOn(String envoyName, int grpcStatus) {
      this.envoyName = envoyName;
      this.grpcStatus = grpcStatus;
    }

    public String envoyName() {
      return envoyName;
    }

    /** The {@code grpc-status} this condition retries on, or -1 for an HTTP condition. */
    public int grpcStatus() {
      return grpcStatus;
    }
  }

  public RetryPolicy {
    retryOn = Set.copyOf(retryOn);
    retriableStatusCodes = Set.copyOf(retriableStatusCodes);
    requireNonNull(backoffBase, "backoffBase");
    requireNonNull(backoffMax, "backoffMax");
    if (numRetries < 0) {
      throw new IllegalArgumentException("numRetries: " + numRetries + " (expected: >= 0)");
    }
    if (perTryTimeout != null && (perTryTimeout.isNegative() || perTryTimeout.isZero())) {
      throw new IllegalArgumentException(
          "perTryTimeout: " + perTryTimeout + " (expected: a positive duration or none)");
    }
    if (hostSelectionMaxAttempts < 1) {
      throw new IllegalArgumentException(
          "hostSelectionMaxAttempts: " + hostSelectionMaxAttempts + " (expected: >= 1)");
    }
    if (backoffBase.isNegative() || backoffBase.isZero()) {
      throw new IllegalArgumentException(
          "backoffBase: " + backoffBase + " (expected: a positive duration)");
    }
    if (previousPrioritiesFrequency < 0) {
      throw new IllegalArgumentException("previousPrioritiesFrequency: "
          + previousPrioritiesFrequency + " (expected: >= 0)");
    }
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffMax: " + backoffMax + " (expected: >= backoffBase " + backoffBase + ")");
    }
  }

  /** {@code numRetries} retries on {@code retryOn} with Envoy's defaults for everything else. */
  public static RetryPolicy of(Set<RetryOn> retryOn, int numRetries) {
    return new RetryPolicy(
        retryOn, Set.of(), numRetries, null, false, 1, DEFAULT_BACKOFF_BASE,
        DEFAULT_BACKOFF_BASE.multipliedBy(10), false, 0);
  }

  /** Whether this policy can ever retry. */
  public boolean enabled() {
    return numRetries > 0 && !retryOn.isEmpty();
  }

  public RetryPolicy withRetriableStatusCodes(Set<Integer> codes) {
    return new RetryPolicy(
        retryOn, codes, numRetries, perTryTimeout, avoidPreviousHosts, hostSelectionMaxAttempts,
        backoffBase, backoffMax, retryNonIdempotent, previousPrioritiesFrequency);
  }

  public RetryPolicy withPerTryTimeout(@Nullable Duration timeout) {
    return new RetryPolicy(
        retryOn, retriableStatusCodes, numRetries, timeout, avoidPreviousHosts,
        hostSelectionMaxAttempts, backoffBase, backoffMax, retryNonIdempotent,
        previousPrioritiesFrequency);
  }

  /** Avoids the hosts of earlier attempts, making up to {@code maxAttempts} picks. */
  public RetryPolicy withPreviousHosts(boolean avoid, int maxAttempts) {
    return new RetryPolicy(
        retryOn, retriableStatusCodes, numRetries, perTryTimeout, avoid, maxAttempts,
        backoffBase, backoffMax, retryNonIdempotent, previousPrioritiesFrequency);
  }

  public RetryPolicy withBackoff(Duration base, Duration max) {
    return new RetryPolicy(
        retryOn, retriableStatusCodes, numRetries, perTryTimeout, avoidPreviousHosts,
        hostSelectionMaxAttempts, base, max, retryNonIdempotent, previousPrioritiesFrequency);
  }

  public RetryPolicy withRetryNonIdempotent(boolean retry) {
    return new RetryPolicy(
        retryOn, retriableStatusCodes, numRetries, perTryTimeout, avoidPreviousHosts,
        hostSelectionMaxAttempts, backoffBase, backoffMax, retry, previousPrioritiesFrequency);
  }

  /**
   * Envoy's {@code envoy.retry_priorities.previous_priorities}: every {@code updateFrequency}
   * attempts, the priorities tried so far are left out of the next pick (all of them left out:
   * none is); 0 for none.
   */
  public RetryPolicy withPreviousPriorities(int updateFrequency) {
    return new RetryPolicy(
        retryOn, retriableStatusCodes, numRetries, perTryTimeout, avoidPreviousHosts,
        hostSelectionMaxAttempts, backoffBase, backoffMax, retryNonIdempotent, updateFrequency);
  }
}
