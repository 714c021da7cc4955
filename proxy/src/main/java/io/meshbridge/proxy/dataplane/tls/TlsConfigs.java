package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The TLS configurations a {@link ProxyConfig} uses, and the contexts for them. */
public final class TlsConfigs {

  private TlsConfigs() {}

  /**
   * {@code previous} rebuilt for {@code config}'s TLS configurations and these secrets. A cluster a
   * tcp_proxy relays to also gets its TLS settings without ALPN (see {@link
   * UpstreamTlsConfig#withoutAlpn}).
   */
  public static TlsContexts rebuild(
      TlsContexts previous, ProxyConfig config, Map<String, TlsSecret> localSecrets) {
    Set<DownstreamTlsConfig> servers = new LinkedHashSet<>();
    Set<String> tcpClusters = new HashSet<>();
    for (ListenerConfig listener : config.listeners().values()) {
      servers.addAll(listener.downstreamTls());
      for (TcpChain chain : listener.tcpChains()) {
        chain.tcpProxy().clusters().forEach(c -> tcpClusters.add(c.name()));
      }
    }
    Set<UpstreamTlsConfig> clients = new LinkedHashSet<>();
    for (ClusterConfig cluster : config.clusters().values()) {
      for (UpstreamTlsConfig tls : cluster.transport().all()) {
        clients.add(tls);
        if (tcpClusters.contains(cluster.name())) {
          clients.add(tls.withoutAlpn());
        }
      }
    }
    return previous.rebuild(servers, clients, config.secrets(), localSecrets);
  }
}
