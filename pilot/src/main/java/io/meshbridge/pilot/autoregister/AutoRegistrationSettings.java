package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How auto-registered WorkloadEntries are kept.
 *
 * @param gracePeriod how long an entry outlives its proxy's last xDS stream: a reconnect within it
 *     keeps the entry (Istio's {@code PILOT_WORKLOAD_ENTRY_GRACE_PERIOD}, default 10 s); 0..1h
 */
public record AutoRegistrationSettings(Duration gracePeriod) {

  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
  public static final AutoRegistrationSettings DEFAULT =
      new AutoRegistrationSettings(DEFAULT_GRACE_PERIOD);

  public AutoRegistrationSettings {
    requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative() || gracePeriod.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "gracePeriod: " + gracePeriod + " (expected: 0s..1h)");
    }
  }
}
