package io.meshbridge.pilot.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the signing authority comes from: a self-signed root kept in the CA's state directory
 * ({@code root-cert.pem}, {@code root-key.pem} at 0600), created on first start, or plug-in CA
 * files.
 */
final class CaStore {

  private static final Logger logger = LoggerFactory.getLogger(CaStore.class);

  static final String ROOT_CERT = "root-cert.pem";
  static final String ROOT_KEY = "root-key.pem";
  static final Duration ROOT_VALIDITY = Duration.ofDays(3650);

  /**
   * Reads the root from {@code directory}, creating it first if neither file is there.
   *
   * @throws CaConfigException naming the file if only one of the two exists or one is unreadable
   */
  static SigningAuthority selfSigned(Path directory, String trustDomain, Clock clock) {
    Path certFile = directory.resolve(ROOT_CERT);
    Path keyFile = directory.resolve(ROOT_KEY);
    boolean hasCert = Files.exists(certFile);
    boolean hasKey = Files.exists(keyFile);
    if (!hasCert && !hasKey) {
      create(certFile, keyFile, trustDomain, clock);
    } else if (hasCert != hasKey) {
      throw new CaConfigException(
          "ca.directory: " + (hasCert ? keyFile : certFile) + " is missing but "
              + (hasCert ? certFile : keyFile) + " exists (expected: both or neither)");
    }
    return read(certFile, keyFile);
  }

  /** Reads a plug-in CA; the key must belong to the first certificate of the chain. */
  static SigningAuthority plugin(PluginCa files) {
    SigningAuthority authority =
        new SigningAuthority(
            key(files.key()),
            certificates(files.certChain()),
            certificates(files.rootCerts()));
    if (authority.signingCertificate().getBasicConstraints() < 0) {
      throw new CaConfigException(
          "ca.plugin.certChain: " + files.certChain() + ": the first certificate is not a CA");
    }
    checkKeyMatches(authority, files.key());
    return authority;
  }

  /** Reads a signing root from its two files; the key must belong to the certificate. */
  static SigningAuthority read(Path certFile, Path keyFile) {
    List<X509Certificate> root = certificates(certFile);
    SigningAuthority authority = new SigningAuthority(key(keyFile), root, root);
    checkKeyMatches(authority, keyFile);
    return authority;
  }

  /** Makes a new self-signed root in {@code directory}, replacing the files there. */
  static void create(Path directory, String trustDomain, Clock clock) {
    create(directory.resolve(ROOT_CERT), directory.resolve(ROOT_KEY), trustDomain, clock);
  }

  /**
   * A plug-in CA with, during its overlap ({@code previousRootsUntil} not yet reached), the
   * previous roots trusted too.
   */
  static CaTrust pluginTrust(PluginCa files, Clock clock) {
    SigningAuthority signer = plugin(files);
    Path previous = files.previousRootCerts();
    Instant until = files.previousRootsUntil();
    if (previous == null || until == null || !clock.instant().isBefore(until)) {
      return CaTrust.of(signer);
    }
    return new CaTrust(signer, null, certificates(previous), until);
  }

  private static void create(Path certFile, Path keyFile, String trustDomain, Clock clock) {
    KeyPair keys = Certificates.newKeyPair();
    Instant now = clock.instant();
    X509Certificate root =
        Certificates.selfSignedRoot(
            keys, trustDomain, "Meshbridge root CA", now.minus(Duration.ofHours(1)),
            now.plus(ROOT_VALIDITY));
    try {
      // The key first: a crash in between leaves a key without a certificate, which is refused
      // with both files named instead of silently making a second root.
      AtomicFiles.write(keyFile, Pem.encode(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII));
      AtomicFiles.write(certFile, Pem.encode(root).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new CaConfigException("ca.directory: cannot write " + certFile.getParent() + ": " + e, e);
    }
    logger.info("created a self-signed root for trust domain {} in {}", trustDomain, certFile);
  }

  private static void checkKeyMatches(SigningAuthority authority, Path keyFile) {
    try {
      byte[] probe = "meshbridge".getBytes(StandardCharsets.US_ASCII);
      String algorithm =
          authority.key().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(authority.key());
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(authority.signingCertificate().getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      throw new CaConfigException(keyFile + ": key does not fit the signing certificate: " + e, e);
    }
    throw new CaConfigException(keyFile + ": key does not belong to the signing certificate");
  }

  private static List<X509Certificate> certificates(Path file) {
    try {
      return Pem.certificates(file.toString(), read(file));
    } catch (IllegalArgumentException e) {
      throw new CaConfigException(e.getMessage(), e);
    }
  }

  private static java.security.PrivateKey key(Path file) {
    try {
      return Pem.privateKey(file.toString(), read(file));
    } catch (IllegalArgumentException e) {
      throw new CaConfigException(e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CaConfigException(file + ": cannot read: " + e, e);
    }
  }

  private CaStore() {}
}
