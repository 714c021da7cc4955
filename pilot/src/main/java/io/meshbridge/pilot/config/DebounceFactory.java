package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.meshbridge.pilot.debounce.DebounceSettings;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** {@code debounce:} how registry changes are coalesced before translation. */
public final class DebounceFactory {

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration quietPeriod = Duration.milliseconds(100);

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration maxDelay = Duration.seconds(1);

  @JsonIgnore
  @ValidationMethod(message = "debounce.maxDelay must be at least debounce.quietPeriod")
  public boolean isMaxDelayAtLeastQuietPeriod() {
    return maxDelay.toNanoseconds() >= quietPeriod.toNanoseconds();
  }

  public DebounceSettings settings() {
    return new DebounceSettings(quietPeriod.toJavaDuration(), maxDelay.toJavaDuration());
  }
}
