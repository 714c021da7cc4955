package io.meshbridge.proxy.xds;

import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** The SDS secrets the accepted listeners and clusters name, by where they come from. */
final class SecretNames {

  private SecretNames() {}

  /** Names of the secrets to subscribe to over ADS (not the identity provider's). */
  static Set<String> adsSecrets(
      Collection<ListenerResource> listeners, Collection<ClusterResource> clusters) {
    Set<String> names = new LinkedHashSet<>();
    for (ListenerResource listener : listeners) {
      ListenerConfig config = listener.config();
      if (config != null) {
        for (DownstreamTlsConfig tls : config.downstreamTls()) {
          add(tls.settings(), names);
        }
      }
    }
    for (ClusterResource cluster : clusters) {
      ClusterTransport transport = cluster.config().transport();
      for (UpstreamTlsConfig tls : transport.all()) {
        add(tls.settings(), names);
      }
    }
    return names;
  }

  private static void add(TlsSettings settings, Set<String> names) {
    for (SecretRef ref : settings.secrets()) {
      if (!ref.local()) {
        names.add(ref.name());
      }
    }
  }
}
