package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.registry.eureka.EurekaRegistrarConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which estate registry the workload joins, with that registry's settings (exactly the one that
 * {@code type} names is non-null), and how often a failed registration is retried.
 */
public record RegistrationConfig(
    Type type,
    @Nullable Consul consul,
    @Nullable EurekaRegistrarConfig eureka,
    @Nullable ZooKeeperConfig zookeeper,
    @Nullable Pilot pilot,
    Duration retryInterval) {

  /** The registries the agent registers into. */
  public enum Type {
    NONE,
    CONSUL,
    EUREKA,
    ZOOKEEPER,
    /** Pilot itself: a WorkloadEntry auto-registered from a WorkloadGroup while the proxy is connected. */
    PILOT;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(10);

  public RegistrationConfig {
    requireNonNull(type, "type");
    requireNonNull(retryInterval, "retryInterval");
    if ((type == Type.CONSUL) != (consul != null)
        || (type == Type.EUREKA) != (eureka != null)
        || (type == Type.ZOOKEEPER) != (zookeeper != null)
        || (type == Type.PILOT) != (pilot != null)) {
      throw new IllegalArgumentException(
          "type: " + type.configName() + " (expected: settings for exactly that registry)");
    }
  }

  /** No registration. */
  public static RegistrationConfig none() {
    return new RegistrationConfig(Type.NONE, null, null, null, null, DEFAULT_RETRY_INTERVAL);
  }

  /**
   * {@code registration.pilot}: the WorkloadGroup (in the service's namespace) pilot makes this
   * workload's WorkloadEntry from; the proxy names it in its node metadata as {@code
   * AUTO_REGISTER_GROUP}.
   */
  public record Pilot(String group) {
    public Pilot {
      requireNonNull(group, "group");
      if (!group.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
        throw new IllegalArgumentException(
            "group: '" + group + "' (expected: a WorkloadGroup name, e.g. orders)");
      }
    }
  }

  /** The settings of {@code ConsulRegistrarBuilder}, defaults as there. */
  public record Consul(
      URI address, @Nullable String token, Duration ttl, Duration deregisterCriticalServiceAfter) {
    public Consul {
      requireNonNull(address, "address");
      requireNonNull(ttl, "ttl");
      requireNonNull(deregisterCriticalServiceAfter, "deregisterCriticalServiceAfter");
      if (ttl.compareTo(Duration.ofSeconds(3)) < 0) {
        throw new IllegalArgumentException("ttl: " + Durations.format(ttl) + " (expected: at least 3s)");
      }
      if (deregisterCriticalServiceAfter.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("deregisterCriticalServiceAfter: "
            + Durations.format(deregisterCriticalServiceAfter) + " (expected: at least 1m)");
      }
    }
  }
}
