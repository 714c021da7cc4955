package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Envoy's cluster {@code outlier_detection}, the consecutive-error detectors.
 *
 * @param consecutive5xx 5xx responses (and connect failures) in a row that eject a host
 * @param consecutiveGatewayFailure 502/503/504 responses (and connect failures) in a row
 * @param interval how often ejections are reviewed (hosts return, multipliers age)
 * @param baseEjectionTime ejection lasts this × the number of times the host was ejected
 * @param maxEjectionTime the longest an ejection lasts
 * @param maxEjectionPercent at most this share of hosts ejected at once (one host always may be)
 * @param enforcingConsecutive5xx percent chance that a consecutive-5xx detection ejects
 * @param enforcingConsecutiveGatewayFailure percent chance that a gateway detection ejects
 */
public record OutlierDetectionConfig(
    int consecutive5xx,
    int consecutiveGatewayFailure,
    Duration interval,
    Duration baseEjectionTime,
    Duration maxEjectionTime,
    int maxEjectionPercent,
    int enforcingConsecutive5xx,
    int enforcingConsecutiveGatewayFailure) {

  /** Envoy's defaults for every field. */
  public static final OutlierDetectionConfig ENVOY_DEFAULTS =
      new OutlierDetectionConfig(
          5, 5, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 10, 100,
          0);

  public OutlierDetectionConfig {
    requireNonNull(interval, "interval");
    requireNonNull(baseEjectionTime, "baseEjectionTime");
    requireNonNull(maxEjectionTime, "maxEjectionTime");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    if (consecutive5xx < 1 || consecutiveGatewayFailure < 1) {
      throw new IllegalArgumentException(
          "consecutive5xx/consecutiveGatewayFailure: " + consecutive5xx + "/"
              + consecutiveGatewayFailure + " (expected: >= 1)");
    }
    percent("maxEjectionPercent", maxEjectionPercent);
    percent("enforcingConsecutive5xx", enforcingConsecutive5xx);
    percent("enforcingConsecutiveGatewayFailure", enforcingConsecutiveGatewayFailure);
  }

  private static void percent(String name, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: 0..100)");
    }
  }
}
