package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.registry.consul.ConsulRegistry;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code type: consul}: the passing instances of every service in Consul's health API, watched with
 * blocking queries, in the agent's datacenter or the ones listed.
 *
 * <pre>{@code
 * - type: consul
 *   id: consul
 *   address: http://127.0.0.1:8500   # the agent's HTTP API
 *   datacenters: [dc1, dc2]           # default: the agent's own
 *   token: ...                        # ACL token; default none (anonymous)
 *   namespace: default                # the mesh namespace of every Consul service
 *   wait: 5m                          # blocking query wait, 1s..10m
 *   excludedServices: [consul]        # Consul services not published
 *   defaultProtocol: HTTP             # for instances without Meta.protocol
 * }</pre>
 */
@JsonTypeName("consul")
public final class ConsulRegistryFactory extends AbstractRegistryFactory {

  @JsonProperty @NotNull private URI address = URI.create("http://127.0.0.1:8500");

  @JsonProperty @NotNull private List<@NotEmpty String> datacenters = new ArrayList<>();

  @JsonProperty private @Nullable String token;

  @JsonProperty
  @NotNull
  @Pattern(
      regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
      message = "must be a lowercase DNS label, e.g. default or shop")
  private String namespace = "default";

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration wait = Duration.minutes(5);

  @JsonProperty @NotNull
  private Set<@NotEmpty String> excludedServices = new LinkedHashSet<>(List.of("consul"));

  @JsonProperty @NotNull private Protocol defaultProtocol = Protocol.HTTP;

  public URI address() {
    return address;
  }

  public List<String> datacenters() {
    return List.copyOf(datacenters);
  }

  public @Nullable String token() {
    return token;
  }

  public String namespace() {
    return namespace;
  }

  public java.time.Duration waitTime() {
    return wait.toJavaDuration();
  }

  public Set<String> excludedServices() {
    return Set.copyOf(excludedServices);
  }

  public Protocol defaultProtocol() {
    return defaultProtocol;
  }

  /**
   * @throws IllegalArgumentException naming the registry and the setting if one is invalid
   */
  @Override
  public RegistryAdapter build() {
    try {
      return ConsulRegistry.builder(id())
          .address(address)
          .datacenters(datacenters)
          .token(token)
          .namespace(namespace)
          .waitTime(wait.toJavaDuration())
          .excludedServices(excludedServices)
          .defaultProtocol(defaultProtocol)
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry '" + id() + "': " + e.getMessage(), e);
    }
  }
}
