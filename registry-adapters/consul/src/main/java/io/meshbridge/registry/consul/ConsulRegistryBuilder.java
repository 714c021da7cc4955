package io.meshbridge.registry.consul;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link ConsulRegistry}; every setting has a default, {@link #build} validates them
 * and names the one that is wrong.
 */
public final class ConsulRegistryBuilder {

  public static final URI DEFAULT_ADDRESS = URI.create("http://127.0.0.1:8500");
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
  public static final Duration MAX_WAIT = Duration.ofMinutes(10);
  public static final String DEFAULT_NAMESPACE = "default";
  public static final Set<String> DEFAULT_EXCLUDED = Set.of("consul");

  /** Everything a {@link ConsulRegistry} runs with, validated. */
  record Settings(
      String id,
      URI address,
      List<String> datacenters,
      @Nullable String token,
      String namespace,
      Duration waitTime,
      Set<String> excludedServices,
      Protocol defaultProtocol,
      Backoff backoff,
      Duration minRequestInterval,
      Duration connectTimeout) {}

  private final String id;
  private URI address = DEFAULT_ADDRESS;
  private List<String> datacenters = List.of();
  private @Nullable String token;
  private String namespace = DEFAULT_NAMESPACE;
  private Duration waitTime = DEFAULT_WAIT;
  private Set<String> excludedServices = DEFAULT_EXCLUDED;
  private Protocol defaultProtocol = Protocol.HTTP;
  private Duration retryMin = Duration.ofSeconds(1);
  private Duration retryMax = Duration.ofSeconds(30);
  private Duration minRequestInterval = Duration.ofSeconds(1);
  private Duration connectTimeout = Duration.ofSeconds(5);

  ConsulRegistryBuilder(String id) {
    this.id = requireNonNull(id, "id");
  }

  /** The agent's HTTP address; default {@code http://127.0.0.1:8500}. */
  public ConsulRegistryBuilder address(URI address) {
    this.address = requireNonNull(address, "address");
    return this;
  }

  /** The datacenters to watch; default none, which means the agent's own. */
  public ConsulRegistryBuilder datacenters(List<String> datacenters) {
    this.datacenters = List.copyOf(datacenters);
    return this;
  }

  /** The ACL token, sent as {@code X-Consul-Token}; default none (the anonymous token). */
  public ConsulRegistryBuilder token(@Nullable String token) {
    this.token = token;
    return this;
  }

  /** The mesh namespace every Consul service goes into; default {@code default}. */
  public ConsulRegistryBuilder namespace(String namespace) {
    this.namespace = requireNonNull(namespace, "namespace");
    return this;
  }

  /**
   * The blocking queries' {@code wait}, in whole seconds; default 5 minutes, 1 second to 10
   * minutes.
   */
  public ConsulRegistryBuilder waitTime(Duration wait) {
    this.waitTime = requireNonNull(wait, "wait");
    return this;
  }

  /** Consul services not to publish; default {@code consul} (the servers' own RPC service). */
  public ConsulRegistryBuilder excludedServices(Set<String> names) {
    this.excludedServices = Set.copyOf(names);
    return this;
  }

  /** The protocol of instances without {@code Meta.protocol}; default HTTP. */
  public ConsulRegistryBuilder defaultProtocol(Protocol protocol) {
    this.defaultProtocol = requireNonNull(protocol, "protocol");
    return this;
  }

  /** Delays between retries after failures; default 1 s doubling to 30 s. */
  public ConsulRegistryBuilder retryBackoff(Duration min, Duration max) {
    this.retryMin = requireNonNull(min, "min");
    this.retryMax = requireNonNull(max, "max");
    return this;
  }

  /**
   * The pace a watch slows down to when answers come back to back (a token bucket of 2); default 1
   * second. 0 turns the limit off.
   */
  public ConsulRegistryBuilder minRequestInterval(Duration interval) {
    this.minRequestInterval = requireNonNull(interval, "interval");
    return this;
  }

  /** The HTTP connect timeout; default 5 seconds. */
  public ConsulRegistryBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Validates the settings and builds the registry; nothing is contacted until {@code start}.
   *
   * @throws IllegalArgumentException naming the setting and what was expected
   */
  public ConsulRegistry build() {
    return new ConsulRegistry(settings());
  }

  Settings settings() {
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: '' (expected: a non-blank registry id)");
    }
    String scheme = address.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || address.getHost() == null) {
      throw new IllegalArgumentException(
          "address: '" + address + "' (expected: http://host:port or https://host:port)");
    }
    Set<String> seen = new HashSet<>();
    for (String dc : datacenters) {
      if (dc.isBlank() || !seen.add(dc)) {
        throw new IllegalArgumentException(
            "datacenters: " + datacenters + " (expected: distinct non-blank datacenter names)");
      }
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("token: '' (expected: a token, or none)");
    }
    try {
      ServiceKey.of(namespace, "x");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (waitTime.compareTo(Duration.ofSeconds(1)) < 0 || waitTime.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("wait: " + waitTime + " (expected: 1s to 10m)");
    }
    if (minRequestInterval.isNegative()) {
      throw new IllegalArgumentException(
          "minRequestInterval: " + minRequestInterval + " (expected: 0 or more)");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout: " + connectTimeout + " (expected: more than 0)");
    }
    return new Settings(
        id,
        address,
        datacenters,
        token,
        namespace,
        waitTime,
        excludedServices,
        defaultProtocol,
        new Backoff(retryMin, retryMax),
        minRequestInterval,
        connectTimeout);
  }
}
