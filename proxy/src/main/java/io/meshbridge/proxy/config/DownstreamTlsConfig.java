package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * A listener filter chain's {@code DownstreamTlsContext}: TLS is terminated with these settings.
 *
 * @param settings own certificate (required), trusted roots, peer SAN matchers, ALPN
 * @param requireClientCertificate whether a client without a certificate is refused
 */
public record DownstreamTlsConfig(TlsSettings settings, boolean requireClientCertificate) {

  public DownstreamTlsConfig {
    requireNonNull(settings, "settings");
    if (settings.certificate() == null) {
      throw new IllegalArgumentException(
          "settings.certificate: missing (expected: a certificate to present)");
    }
    if (requireClientCertificate && settings.trust() == null) {
      throw new IllegalArgumentException(
          "requireClientCertificate: true without trusted roots (expected: a validation context)");
    }
  }
}
