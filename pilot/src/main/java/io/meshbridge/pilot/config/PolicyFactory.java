package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code policy:} where Istio VirtualService and DestinationRule files are read from; none when
 * {@code directory} is not given.
 */
public final class PolicyFactory {

  @JsonProperty private @Nullable String directory;

  @JsonProperty
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration pollInterval = Duration.seconds(2);

  public @Nullable Path directory() {
    return directory == null ? null : Path.of(directory);
  }

  public java.time.Duration pollInterval() {
    return pollInterval.toJavaDuration();
  }
}
