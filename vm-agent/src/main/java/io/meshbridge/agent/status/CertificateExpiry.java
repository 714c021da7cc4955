package io.meshbridge.agent.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry of the workload certificate the proxy keeps in {@code <stateDir>/identity}: the
 * earliest notAfter of the first certificate of each {@code *.pem} there that is not a root
 * ({@code root*.pem}). The proxy's {@code identity.pem} holds the key first, then the chain; only
 * the first {@code CERTIFICATE} block is read.
 */
public final class CertificateExpiry {

  private static final Logger logger = LoggerFactory.getLogger(CertificateExpiry.class);
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

  /** Empty when the directory holds no certificate (no identity configured, or not issued yet). */
  public static Optional<Instant> of(Path identityDir) {
    if (!Files.isDirectory(identityDir)) {
      return Optional.empty();
    }
    Instant earliest = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(identityDir, "*.pem")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith("root")) {
          continue;
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf(BEGIN);
        if (begin < 0) {
          continue;
        }
        try (InputStream in = new ByteArrayInputStream(
            pem.substring(begin).getBytes(StandardCharsets.US_ASCII))) {
          X509Certificate cert =
              (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
          Instant notAfter = cert.getNotAfter().toInstant();
          if (earliest == null || notAfter.isBefore(earliest)) {
            earliest = notAfter;
          }
        } catch (CertificateException e) {
          logger.debug("{}: not a certificate", file, e);
        }
      }
    } catch (IOException e) {
      logger.warn("cannot read {}", identityDir, e);
    }
    return Optional.ofNullable(earliest);
  }

  private CertificateExpiry() {}
}
