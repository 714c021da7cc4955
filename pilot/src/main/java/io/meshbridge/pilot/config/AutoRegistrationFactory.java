package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.meshbridge.pilot.autoregister.AutoRegistrationSettings;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * {@code autoRegistration:} how WorkloadEntries auto-registered from WorkloadGroups are kept;
 * {@code gracePeriod} (default 10s, 0s..1h) is Istio's {@code PILOT_WORKLOAD_ENTRY_GRACE_PERIOD}.
 */
public final class AutoRegistrationFactory {

  @JsonProperty
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration gracePeriod = Duration.seconds(10);

  public AutoRegistrationSettings settings() {
    return new AutoRegistrationSettings(gracePeriod.toJavaDuration());
  }
}
