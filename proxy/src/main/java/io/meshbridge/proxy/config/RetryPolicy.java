package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's route {@code retry_policy}.
 *
 * @param retryOn the conditions that allow a retry
 * @param numRetries how many retries after the first attempt
 * @param perTryTimeout how long one attempt may take, or null for the route timeout only
 */
public record RetryPolicy(Set<RetryOn> retryOn, int numRetries, @Nullable Duration perTryTimeout) {

  public static final RetryPolicy NONE = new RetryPolicy(Set.of(), 0, null);

  /** Envoy's {@code retry_on} conditions this proxy implements. */
  public enum RetryOn {
    /** Any 5xx response, or a connect failure, reset or per-try timeout. */
    FIVE_XX("5xx"),
    /** A 502, 503 or 504 response. */
    GATEWAY_ERROR("gateway-error"),
    CONNECT_FAILURE("connect-failure"),
    /** The upstream reset (closed) before a response began, or a per-try timeout. */
    RESET("reset"),
    /** A 409 response. */
    RETRIABLE_4XX("retriable-4xx"),
    /** An HTTP/2 REFUSED_STREAM; never happens over HTTP/1.1, accepted for compatibility. */
    REFUSED_STREAM("refused-stream");

    private final String envoyName;

    RetryOn(String envoyName) {
      this.envoyName = envoyName;
    }

    public String envoyName() {
      return envoyName;
    }
  }

  public RetryPolicy {
    retryOn = Set.copyOf(retryOn);
    requireNonNull(retryOn, "retryOn");
    if (numRetries < 0) {
      throw new IllegalArgumentException("numRetries: " + numRetries + " (expected: >= 0)");
    }
    if (perTryTimeout != null && (perTryTimeout.isNegative() || perTryTimeout.isZero())) {
      throw new IllegalArgumentException(
          "perTryTimeout: " + perTryTimeout + " (expected: a positive duration or none)");
    }
  }
}
