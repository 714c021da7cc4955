package io.meshbridge.registry.consul;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link ConsulRegistrar}: the agent's address, the token, the TTL and the reaping
 * period; {@link #build} validates them and names the one that is wrong.
 */
public final class ConsulRegistrarBuilder {

  URI address = ConsulRegistryBuilder.DEFAULT_ADDRESS;
  @Nullable String token;
  Duration ttl = Duration.ofSeconds(15);
  Duration deregisterAfter = Duration.ofMinutes(1);
  Duration connectTimeout = Duration.ofSeconds(5);
  @Nullable ScheduledExecutorService executor;

  ConsulRegistrarBuilder() {}

  /** The local agent's HTTP address; default {@code http://127.0.0.1:8500}. */
  public ConsulRegistrarBuilder address(URI address) {
    this.address = requireNonNull(address, "address");
    return this;
  }

  /** The ACL token (needs {@code service:write}); default none. */
  public ConsulRegistrarBuilder token(@Nullable String token) {
    this.token = token;
    return this;
  }

  /** The TTL of the check, whole seconds, at least 3 s; default 15 s. */
  public ConsulRegistrarBuilder ttl(Duration ttl) {
    this.ttl = requireNonNull(ttl, "ttl");
    return this;
  }

  /**
   * {@code DeregisterCriticalServiceAfter}: how long the check may stay critical before Consul
   * removes the registration; whole seconds, at least 1 minute (Consul's floor); default 1 m.
   */
  public ConsulRegistrarBuilder deregisterCriticalServiceAfter(Duration after) {
    this.deregisterAfter = requireNonNull(after, "after");
    return this;
  }

  public ConsulRegistrarBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * The thread to run on, for callers that manage threads (and for tests that simulate a crash by
   * stopping it); default a daemon thread of the registrar's own.
   */
  public ConsulRegistrarBuilder executor(ScheduledExecutorService executor) {
    this.executor = requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Validates and builds; nothing is contacted until {@link ConsulRegistrar#register}.
   *
   * @throws IllegalArgumentException naming the setting and what was expected
   */
  public ConsulRegistrar build() {
    String scheme = address.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || address.getHost() == null) {
      throw new IllegalArgumentException(
          "address: '" + address + "' (expected: http://host:port or https://host:port)");
    }
    if (ttl.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 3s)");
    }
    if (deregisterAfter.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "deregisterCriticalServiceAfter: "
              + deregisterAfter
              + " (expected: at least 1m, Consul's minimum)");
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("token: '' (expected: a token, or none)");
    }
    return new ConsulRegistrar(this);
  }
}
