package io.meshbridge.registry.consul;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays after failures: {@code min * 2^(failures - 1)}, at most {@code max}, each spread by
 * ±20% so that watches failing together do not retry together.
 */
record Backoff(Duration min, Duration max) {

  Backoff {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "retryBackoff: " + min + ".." + max + " (expected: 0 < min <= max)");
    }
  }

  /** The delay before the next attempt after {@code failures} (>= 1) consecutive failures. */
  long delayNanos(int failures) {
    double base = min.toNanos() * Math.pow(2, Math.min(failures - 1, 30));
    double capped = Math.min(base, max.toNanos());
    return (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
  }
}
