package io.meshbridge.proxy.testing;

import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.dataplane.tls.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test (EC P-256, BouncyCastle): a self-signed root that issues
 * workload certificates with a SPIFFE URI SAN. Nothing is written to disk or committed.
 */
public final class TestCa {

  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate root;

  private TestCa(String name, KeyPair keys, X509Certificate root) {
    this.name = name;
    this.keys = keys;
    this.root = root;
  }

  /** A new root valid from an hour ago for a day. */
  public static TestCa create(String name) {
    KeyPair keys = ecKeys();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + name + ",O=meshbridge-test");
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new TestCa(name, keys, sign(b, keys));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate root() {
    return root;
  }

  public String rootPem() {
    return Pem.encode(root);
  }

  /** A workload certificate for {@code spiffeId}, valid from an hour ago for a day. */
  public Issued issue(String spiffeId) {
    Instant now = Instant.now();
    return issue(spiffeId, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** A workload certificate for {@code spiffeId} valid between the two instants. */
  public Issued issue(String spiffeId, Instant notBefore, Instant notAfter) {
    KeyPair leafKeys = ecKeys();
    return new Issued(leafKeys, sign(leafKeys.getPublic(), spiffeId, notBefore, notAfter));
  }

  /** Signs {@code key} (e.g. from a CSR) for {@code spiffeId}, as a CA does. */
  public X509Certificate sign(
      java.security.PublicKey key, String spiffeId, Instant notBefore, Instant notAfter) {
    return sign(key, notBefore, notAfter,
        new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId));
  }

  /** A server certificate for {@code spiffeId} and the IP address {@code ip} (like pilot's). */
  public Issued issueServer(String spiffeId, String ip) {
    KeyPair leafKeys = ecKeys();
    Instant now = Instant.now();
    return new Issued(leafKeys, sign(leafKeys.getPublic(), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId),
        new GeneralName(GeneralName.iPAddress, ip)));
  }

  private X509Certificate sign(
      java.security.PublicKey key, Instant notBefore, Instant notAfter, GeneralName... sans) {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(root,
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
          new X500Name("O=meshbridge-test"), key);
      b.addExtension(Extension.subjectAlternativeName, true,
          new GeneralNames(sans));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      return sign(b, keys);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A leaf with its key. */
  public record Issued(KeyPair keys, X509Certificate certificate) {
    public TlsSecret secret(String name) {
      return TlsSecret.certificate(name, List.of(certificate), keys.getPrivate());
    }

    public String chainPem() {
      return Pem.encode(certificate);
    }

    public String keyPem() {
      return Pem.encode(keys.getPrivate());
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TestCa[" + name + "]";
  }
}
