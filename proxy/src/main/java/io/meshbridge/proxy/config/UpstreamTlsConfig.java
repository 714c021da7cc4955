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
}
