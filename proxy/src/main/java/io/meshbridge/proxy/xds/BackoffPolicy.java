package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff with jitter: the first delay is {@code initial}, each next one {@code
 * multiplier} times longer up to {@code max}, and each is spread by ±{@code jitter} (a fraction)
 * so that many proxies do not reconnect in step.
 */
public record BackoffPolicy(Duration initial, double multiplier, Duration max, double jitter) {

  /** 1 s, ×2, at most 30 s, ±20 %. */
  public static final BackoffPolicy DEFAULT =
      new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);

  public BackoffPolicy {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("multiplier: " + multiplier + " (expected: >= 1)");
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0 <= jitter < 1)");
    }
  }
}
