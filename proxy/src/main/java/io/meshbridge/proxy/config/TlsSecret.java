package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed SDS {@code Secret}: a certificate chain with its key ({@code tls_certificate}), trusted
 * roots ({@code validation_context.trusted_ca}), or both.
 *
 * @param name the secret name
 * @param chain the certificate chain, leaf first; empty when the secret has no certificate
 * @param key the chain's private key; null exactly when {@code chain} is empty
 * @param trustedCas trusted roots; empty when the secret has no validation context
 */
public record TlsSecret(
    String name, List<X509Certificate> chain, @Nullable PrivateKey key,
    List<X509Certificate> trustedCas) {

  public TlsSecret {
    requireNonNull(name, "name");
    chain = List.copyOf(chain);
    trustedCas = List.copyOf(trustedCas);
    if (chain.isEmpty() != (key == null)) {
      throw new IllegalArgumentException(
          "key: " + (key == null ? "missing" : "present") + " with " + chain.size()
              + " certificates (expected: a key exactly with a chain)");
    }
  }

  /** A certificate secret (such as {@code default}). */
  public static TlsSecret certificate(String name, List<X509Certificate> chain, PrivateKey key) {
    return new TlsSecret(name, chain, requireNonNull(key, "key"), List.of());
  }

  /** A validation secret (such as {@code ROOTCA}). */
  public static TlsSecret roots(String name, List<X509Certificate> trustedCas) {
    return new TlsSecret(name, List.of(), null, trustedCas);
  }

  @Override
  public String toString() { // never the key
    return "TlsSecret[" + name + ", " + chain.size() + " certificates, " + trustedCas.size()
        + " trusted CAs]";
  }
}
