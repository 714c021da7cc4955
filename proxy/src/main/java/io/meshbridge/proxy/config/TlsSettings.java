package io.meshbridge.proxy.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code common_tls_context}: the certificate this side presents, what it trusts, which peer
 * names it accepts and the ALPN protocols it offers.
 *
 * @param certificate the own certificate and key; null when this side presents none
 * @param trust the roots a peer's chain must lead to; null = the peer is not verified (Envoy
 *     without a validation context)
 * @param sanMatchers the peer's certificate must satisfy one of these (none = any name)
 * @param alpn ALPN protocols in preference order (e.g. {@code h2}, {@code http/1.1})
 * @param minimumVersion lowest TLS version, {@code TLSv1.2} or {@code TLSv1.3}
 */
public record TlsSettings(
    @Nullable CertificateSource certificate,
    @Nullable TrustSource trust,
    List<SanMatcher> sanMatchers,
    List<String> alpn,
    String minimumVersion) {

  public TlsSettings {
    sanMatchers = List.copyOf(sanMatchers);
    alpn = List.copyOf(alpn);
    java.util.Objects.requireNonNull(minimumVersion, "minimumVersion");
  }

  /** Where a certificate chain and its private key come from. */
  public sealed interface CertificateSource {
    /** An SDS secret holding a {@code tls_certificate}. */
    record Sds(SecretRef secret) implements CertificateSource {}

    /** PEM files ({@code tls_certificates [{certificate_chain {filename}, private_key ...}]}). */
    record Files(String chainFile, String keyFile) implements CertificateSource {}
  }

  /** Where trusted roots come from. */
  public sealed interface TrustSource {
    /** An SDS secret holding a {@code validation_context.trusted_ca}. */
    record Sds(SecretRef secret) implements TrustSource {}

    /** A PEM file ({@code trusted_ca {filename}}). */
    record File(String path) implements TrustSource {}

    /** The JDK's default trust store ({@code system_root_certs}). */
    record SystemRoots() implements TrustSource {}
  }

  /** The secrets these settings name. */
  public List<SecretRef> secrets() {
    List<SecretRef> refs = new java.util.ArrayList<>(2);
    if (certificate instanceof CertificateSource.Sds sds) {
      refs.add(sds.secret());
    }
    if (trust instanceof TrustSource.Sds sds) {
      refs.add(sds.secret());
    }
    return refs;
  }
}
