package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.dataplane.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * SDS {@code Secret} → {@link TlsSecret}: a {@code tls_certificate} (PEM {@code certificate_chain}
 * and {@code private_key}) or a {@code validation_context} ({@code trusted_ca}), each from {@code
 * inline_bytes}, {@code inline_string} or {@code filename}. A secret that cannot be parsed is
 * rejected naming the field; the message never contains key material.
 */
final class SecretConverter {

  private SecretConverter() {}

  static TlsSecret convert(Secret secret) throws InvalidResourceException {
    FieldChecker check = new FieldChecker("Secret " + secret.getName());
    check.onlySupported(secret, "", "name", "tls_certificate", "validation_context");
    if (secret.hasTlsCertificate() == secret.hasValidationContext()) {
      throw check.invalid("type", (secret.hasTlsCertificate() ? "both" : "neither")
          + " tls_certificate and validation_context (expected: one)");
    }
    if (secret.hasTlsCertificate()) {
      TlsCertificate cert = secret.getTlsCertificate();
      check.onlySupported(cert, "tls_certificate", "certificate_chain", "private_key");
      String chainPath = "tls_certificate.certificate_chain";
      String keyPath = "tls_certificate.private_key";
      List<X509Certificate> chain;
      PrivateKey key;
      try {
        chain = Pem.certificates(text(cert.getCertificateChain(), check, chainPath));
      } catch (Pem.PemException e) {
        throw check.invalid(chainPath, e.getMessage());
      }
      try {
        key = Pem.privateKey(text(cert.getPrivateKey(), check, keyPath));
      } catch (Pem.PemException e) {
        throw check.invalid(keyPath, e.getMessage());
      }
      if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
        throw check.invalid(keyPath, key.getAlgorithm() + " key for a "
            + chain.get(0).getPublicKey().getAlgorithm() + " certificate (expected: its key)");
      }
      return TlsSecret.certificate(secret.getName(), chain, key);
    }
    CertificateValidationContext v = secret.getValidationContext();
    check.onlySupported(v, "validation_context", "trusted_ca");
    String caPath = "validation_context.trusted_ca";
    try {
      return TlsSecret.roots(secret.getName(), Pem.certificates(text(v.getTrustedCa(), check,
          caPath)));
    } catch (Pem.PemException e) {
      throw check.invalid(caPath, e.getMessage());
    }
  }

  /** The text of a {@code DataSource}; a file is read on the caller's thread (not an event loop). */
  static String text(DataSource source, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(source, path, "filename", "inline_bytes", "inline_string");
    return switch (source.getSpecifierCase()) {
      case INLINE_BYTES -> source.getInlineBytes().toString(StandardCharsets.UTF_8);
      case INLINE_STRING -> source.getInlineString();
      case FILENAME -> {
        try {
          yield Files.readString(Path.of(source.getFilename()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
          throw check.invalid(join(path, "filename"),
              "cannot read '" + source.getFilename() + "': " + e);
        }
      }
      default -> throw check.invalid(path, "missing (expected: inline_bytes, inline_string or"
          + " filename)");
    };
  }
}
