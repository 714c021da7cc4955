package io.meshbridge.proxy.config;

import java.util.List;
import java.util.Map;

/**
 * Everything the data plane serves, at one moment.
 *
 * @param listeners by listener name
 * @param routes route tables by name (an RDS {@code route_config_name})
 * @param clusters by cluster name
 * @param endpoints endpoints by EDS service name ({@link ClusterConfig#edsServiceName()}); a cluster
 *     whose service name is missing here has no endpoints yet
 * @param secrets SDS secrets received over ADS, by name (the identity provider's own secrets
 *     reach the data plane separately)
 */
public record ProxyConfig(
    Map<String, ListenerConfig> listeners,
    Map<String, RouteConfig> routes,
    Map<String, ClusterConfig> clusters,
    Map<String, List<EndpointConfig>> endpoints,
    Map<String, TlsSecret> secrets) {

  public static final ProxyConfig EMPTY = new ProxyConfig(Map.of(), Map.of(), Map.of(), Map.of());

  /** A config without secrets. */
  public ProxyConfig(
      Map<String, ListenerConfig> listeners,
      Map<String, RouteConfig> routes,
      Map<String, ClusterConfig> clusters,
      Map<String, List<EndpointConfig>> endpoints) {
    this(listeners, routes, clusters, endpoints, Map.of());
  }

  public ProxyConfig {
    listeners = Map.copyOf(listeners);
    routes = Map.copyOf(routes);
    clusters = Map.copyOf(clusters);
    endpoints = Map.copyOf(endpoints);
    secrets = Map.copyOf(secrets);
  }

  /** The endpoints of a cluster, empty when it has none (or no such cluster). */
  public List<EndpointConfig> endpointsOf(String clusterName) {
    ClusterConfig cluster = clusters.get(clusterName);
    return cluster == null ? List.of() : endpoints.getOrDefault(cluster.edsServiceName(), List.of());
  }
}
