package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.registry.zookeeper.ZooKeeperConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperLayout;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistry;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code type: zookeeper}: services from ZooKeeper, in Curator's service-discovery layout or
 * Dubbo's, watched.
 *
 * <pre>{@code
 * - type: zookeeper
 *   id: zk
 *   connectString: zk1:2181,zk2:2181   # required
 *   layout: CURATOR                    # default CURATOR; or DUBBO
 *   basePath: /services                # default /services (CURATOR) or /dubbo (DUBBO)
 *   namespace: default                 # default default: the mesh namespace of its services
 *   sessionTimeout: 60s                # default 60s
 *   connectionTimeout: 15s             # default 15s
 * }</pre>
 */
@JsonTypeName("zookeeper")
public final class ZooKeeperRegistryFactory extends AbstractRegistryFactory {

  @JsonProperty @NotEmpty private String connectString = "";

  // A string, so that a wrong value is reported with the accepted ones.
  @JsonProperty
  @NotNull
  @Pattern(regexp = "(?i)curator|dubbo", message = "must be CURATOR or DUBBO")
  private String layout = ZooKeeperLayout.CURATOR.name();

  @JsonProperty
  @Pattern(regexp = "(/[^/\\s]+)+", message = "must be an absolute znode path, e.g. /services")
  private @Nullable String basePath;

  @JsonProperty
  @NotNull
  @Pattern(
      regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
      message = "must be a lowercase DNS label, e.g. default")
  private String namespace = ZooKeeperConfig.DEFAULT_NAMESPACE;

  @JsonProperty
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration sessionTimeout = Duration.seconds(60);

  @JsonProperty
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration connectionTimeout = Duration.seconds(15);

  /** The adapter's settings, defaults filled in. */
  public ZooKeeperConfig config() {
    ZooKeeperLayout parsed = ZooKeeperLayout.parse(layout);
    return new ZooKeeperConfig(id(), connectString, parsed,
        basePath == null ? parsed.defaultBasePath() : basePath, namespace,
        sessionTimeout.toJavaDuration(), connectionTimeout.toJavaDuration());
  }

  /** @throws IllegalArgumentException naming the registry and the field */
  @Override
  public RegistryAdapter build() {
    try {
      return new ZooKeeperRegistry(config());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry '" + id() + "': " + e.getMessage(), e);
    }
  }
}
