package io.meshbridge.pilot.debounce;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long the {@link Debouncer} waits.
 *
 * @param quietPeriod flush once no change came for this long (Istio's {@code
 *     PILOT_DEBOUNCE_AFTER}); default 100 ms
 * @param maxDelay flush at the latest this long after the first change of a burst (Istio's {@code
 *     PILOT_DEBOUNCE_MAX}); default 1 s
 */
public record DebounceSettings(Duration quietPeriod, Duration maxDelay) {

  public static final DebounceSettings DEFAULT =
      new DebounceSettings(Duration.ofMillis(100), Duration.ofSeconds(1));

  public DebounceSettings {
    requireNonNull(quietPeriod, "quietPeriod");
    requireNonNull(maxDelay, "maxDelay");
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException(
          "quietPeriod: " + quietPeriod + " (expected: a positive duration)");
    }
    if (maxDelay.compareTo(quietPeriod) < 0) {
      throw new IllegalArgumentException(
          "maxDelay: " + maxDelay + " (expected: at least quietPeriod, " + quietPeriod + ")");
    }
  }
}
