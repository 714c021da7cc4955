package io.meshbridge.proxy.testing;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Terse {@link ProxyConfig}s for tests. */
public final class TestConfigs {

  private TestConfigs() {}

  public static Builder config() {
    return new Builder();
  }

  public static EndpointConfig endpoint(String host, int port) {
    return new EndpointConfig(host, port, Health.HEALTHY, 1, Map.of());
  }

  public static EndpointConfig endpoint(String host, int port, Health health, int weight) {
    return new EndpointConfig(host, port, health, weight, Map.of());
  }

  public static VirtualHostConfig vhost(String name, List<String> domains, RouteEntry... routes) {
    return new VirtualHostConfig(name, domains, List.of(routes));
  }

  public static RouteEntry prefix(String prefix, String cluster) {
    return new RouteEntry(PathMatch.prefix(prefix), cluster);
  }

  /** Builds a config; every method replaces what it names. */
  public static final class Builder {
    private final Map<String, ListenerConfig> listeners = new HashMap<>();
    private final Map<String, RouteConfig> routes = new HashMap<>();
    private final Map<String, ClusterConfig> clusters = new HashMap<>();
    private final Map<String, List<EndpointConfig>> endpoints = new HashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(2);

    public Builder listener(String name, int port, String routeConfigName) {
      listeners.put(
          name, new ListenerConfig(name, "127.0.0.1", port, routeConfigName, "stat_" + name));
      return this;
    }

    public Builder listener(ListenerConfig listener) {
      listeners.put(listener.name(), listener);
      return this;
    }

    public Builder routes(String name, VirtualHostConfig... vhosts) {
      routes.put(name, new RouteConfig(name, List.of(vhosts)));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      connectTimeout = timeout;
      return this;
    }

    /** A cluster named {@code name} whose endpoints are published under the same name. */
    public Builder cluster(String name, EndpointConfig... members) {
      clusters.put(
          name, new ClusterConfig(name, name, ClusterConfig.LbPolicy.ROUND_ROBIN, connectTimeout));
      endpoints.put(name, List.of(members));
      return this;
    }

    /** {@link #cluster(String, EndpointConfig...)} balanced with {@code policy}. */
    public Builder cluster(
        String name, ClusterConfig.LbPolicy policy, EndpointConfig... members) {
      clusters.put(name, new ClusterConfig(name, name, policy, connectTimeout));
      endpoints.put(name, List.of(members));
      return this;
    }

    /** {@code cluster} as given, its endpoints published under its EDS service name. */
    public Builder cluster(ClusterConfig cluster, EndpointConfig... members) {
      clusters.put(cluster.name(), cluster);
      endpoints.put(cluster.edsServiceName(), List.of(members));
      return this;
    }

    public ProxyConfig build() {
      return new ProxyConfig(listeners, routes, clusters, endpoints);
    }
  }
}
