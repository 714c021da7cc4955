package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * A cluster's {@code UpstreamTlsContext}: connections to its endpoints are TLS with these settings.
 *
 * @param settings own certificate (optional), trusted roots, server SAN matchers, ALPN
 * @param sni the server name sent in the ClientHello; empty = none
 */
public record UpstreamTlsConfig(TlsSettings settings, String sni) {

  public UpstreamTlsConfig {
    requireNonNull(settings, "settings");
    requireNonNull(sni, "sni");
  }

  /** These settings without ALPN: what a tcp_proxy connection offers (it carries no HTTP). */
  public UpstreamTlsConfig withoutAlpn() {
    if (settings.alpn().isEmpty()) {
      return this;
    }
    return new UpstreamTlsConfig(new TlsSettings(settings.certificate(), settings.trust(),
        settings.sanMatchers(), java.util.List.of(), settings.minimumVersion()), sni);
  }
}
