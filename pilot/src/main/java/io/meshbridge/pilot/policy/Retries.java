package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Istio's {@code HTTPRetry}.
 *
 * @param attempts how many retries, 0 disables retrying
 * @param perTryTimeout the timeout of each try, or null for the route's
 * @param retryOn Istio's (= Envoy's) retry conditions and HTTP status codes, as written; empty
 *     means Istio's default
 * @param retryRemoteLocalities {@code retryRemoteLocalities}: retries leave priorities already
 *     tried (Envoy's previous_priorities)
 */
public record Retries(
    int attempts, @Nullable Duration perTryTimeout, List<String> retryOn,
    boolean retryRemoteLocalities) {

  public Retries(int attempts, @Nullable Duration perTryTimeout, List<String> retryOn) {
    this(attempts, perTryTimeout, retryOn, false);
  }

  public Retries {
    retryOn = List.copyOf(requireNonNull(retryOn, "retryOn"));
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: 0 or more)");
    }
  }
}
