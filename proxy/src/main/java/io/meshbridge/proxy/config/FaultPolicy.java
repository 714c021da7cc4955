package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A route's fault injection (Envoy's {@code HTTPFault} per route): a fixed delay, then an abort,
 * each on its own fraction of requests.
 */
public record FaultPolicy(@Nullable Delay delay, @Nullable Abort abort) {

  /** Delays a fraction of requests by a fixed time before they go on. */
  public record Delay(Duration fixedDelay, Fraction percentage) {
    public Delay {
      requireNonNull(fixedDelay, "fixedDelay");
      requireNonNull(percentage, "percentage");
      if (fixedDelay.isNegative()) {
        throw new IllegalArgumentException("fixedDelay: " + fixedDelay + " (expected: >= 0)");
      }
    }
  }

  /**
   * Answers a fraction of requests locally: with {@code httpStatus}, or, when {@code grpcStatus}
   * is not -1, with a gRPC trailers-only response carrying that status.
   */
  public record Abort(int httpStatus, int grpcStatus, Fraction percentage) {
    public Abort {
      requireNonNull(percentage, "percentage");
      if (grpcStatus == -1 && (httpStatus < 200 || httpStatus > 599)) {
        throw new IllegalArgumentException("httpStatus: " + httpStatus + " (expected: 200..599)");
      }
      if (grpcStatus < -1) {
        throw new IllegalArgumentException("grpcStatus: " + grpcStatus + " (expected: >= 0)");
      }
    }
  }
}
