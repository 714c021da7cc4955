package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The TLS configurations a {@link ProxyConfig} uses, and the contexts for them. */
public final class TlsConfigs {

  private TlsConfigs() {}

  /** {@code previous} rebuilt for {@code config}'s TLS configurations and these secrets. */
  public static TlsContexts rebuild(
      TlsContexts previous, ProxyConfig config, Map<String, TlsSecret> localSecrets) {
    Set<DownstreamTlsConfig> servers = new LinkedHashSet<>();
    for (ListenerConfig listener : config.listeners().values()) {
      DownstreamTlsConfig tls = listener.transport().tls();
      if (tls != null) {
        servers.add(tls);
      }
    }
    Set<UpstreamTlsConfig> clients = new LinkedHashSet<>();
    for (ClusterConfig cluster : config.clusters().values()) {
      clients.addAll(cluster.transport().all());
    }
    return previous.rebuild(servers, clients, config.secrets(), localSecrets);
  }
}
