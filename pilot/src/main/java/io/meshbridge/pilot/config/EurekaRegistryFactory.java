package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.registry.eureka.EurekaRegistry;
import io.meshbridge.registry.eureka.EurekaRegistryConfig;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code type: eureka}: services and endpoints from Netflix Eureka servers, read over their REST
 * API as Eureka's own clients read them (full fetch, then deltas).
 *
 * <pre>{@code
 * - type: eureka
 *   id: eureka
 *   serviceUrls: [http://eureka-1:8761/eureka/, http://eureka-2:8761/eureka/]  # required
 *   fetchInterval: 30s      # default 30s, as Eureka clients
 *   namespace: default      # default "default": the mesh namespace of every Eureka service
 *   requestTimeout: 5s      # default 5s, per request and server
 * }</pre>
 */
@JsonTypeName("eureka")
public final class EurekaRegistryFactory extends AbstractRegistryFactory {

  @JsonProperty
  @NotEmpty(message = "must list at least one Eureka server, e.g. http://eureka:8761/eureka/")
  private List<@NotNull URI> serviceUrls = new ArrayList<>();

  @JsonProperty
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration fetchInterval = Duration.seconds(30);

  @JsonProperty
  @NotNull
  @Pattern(
      regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
      message = "must be a lowercase DNS label, e.g. default or shop")
  private String namespace = EurekaRegistryConfig.DEFAULT_NAMESPACE;

  @JsonProperty
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
  private Duration requestTimeout = Duration.seconds(5);

  /** The adapter's configuration, with the defaults filled in. */
  public EurekaRegistryConfig config() {
    return new EurekaRegistryConfig(
        id(),
        serviceUrls,
        fetchInterval.toJavaDuration(),
        namespace,
        requestTimeout.toJavaDuration());
  }

  /**
   * @throws IllegalArgumentException naming the registry and the field, e.g. a service URL that is
   *     not http(s)
   */
  @Override
  public RegistryAdapter build() {
    try {
      return new EurekaRegistry(config());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry '" + id() + "': " + e.getMessage(), e);
    }
  }
}
