package io.meshbridge.proxy.xds;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.ProxyConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local app's health on the inbound clusters: pilot names them {@code inbound|<port>||}
 * (docs/xds.md, "Inbound listeners") and gives each one endpoint, the app. While the app is
 * unhealthy those endpoints are {@link Health#UNHEALTHY}, which the load balancer never picks, so
 * an inbound request is answered 503 with flag {@code UH} instead of reaching a dead app.
 */
final class InboundHealth {

  static final String INBOUND_PREFIX = "inbound|";

  private InboundHealth() {}

  /** {@code config} as is when {@code healthy}, else with the inbound endpoints unhealthy. */
  static ProxyConfig apply(ProxyConfig config, boolean healthy) {
    if (healthy) {
      return config;
    }
    Map<String, List<EndpointConfig>> endpoints = new HashMap<>(config.endpoints());
    for (ClusterConfig cluster : config.clusters().values()) {
      if (cluster.name().startsWith(INBOUND_PREFIX)) {
        endpoints.computeIfPresent(cluster.edsServiceName(), (name, list) ->
            list.stream().map(InboundHealth::unhealthy).toList());
      }
    }
    return new ProxyConfig(config.listeners(), config.routes(), config.clusters(), endpoints,
        config.secrets());
  }

  private static EndpointConfig unhealthy(EndpointConfig e) {
    return new EndpointConfig(e.host(), e.port(), Health.UNHEALTHY, e.weight(), e.labels(),
        e.locality(), e.priority(), e.localityWeight(), e.transportMatch());
  }
}
