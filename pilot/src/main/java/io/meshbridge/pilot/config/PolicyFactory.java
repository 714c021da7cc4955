package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code policy:} where Istio resources are read from: the files of {@code directory}, a Kubernetes
 * API server ({@code kubernetes}), both, or neither.
 */
public final class PolicyFactory {

  @JsonProperty private @Nullable String directory;

  @JsonProperty @Valid private @Nullable KubernetesPolicyFactory kubernetes;

  @JsonProperty
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration pollInterval = Duration.seconds(2);

  public @Nullable Path directory() {
    return directory == null ? null : Path.of(directory);
  }

  public @Nullable KubernetesPolicyFactory kubernetes() {
    return kubernetes;
  }

  /** Whether any source is configured (then pilot has an {@code istio-config} registry). */
  public boolean configured() {
    return directory != null || kubernetes != null;
  }

  public java.time.Duration pollInterval() {
    return pollInterval.toJavaDuration();
  }
}
