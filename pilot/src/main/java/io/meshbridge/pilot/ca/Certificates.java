package io.meshbridge.pilot.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds CA and workload certificates (BouncyCastle), with keys from the JDK. */
public final class Certificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new EC P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }

  /** A self-signed root CA certificate named {@code O=<organization>, CN=<commonName>}. */
  public static X509Certificate selfSignedRoot(
      KeyPair keys, String organization, String commonName, Instant notBefore, Instant notAfter) {
    X500Name name = new X500Name("O=" + organization + ",CN=" + commonName);
    return caCertificate(keys.getPrivate(), name, keys.getPublic(), name, notBefore, notAfter);
  }

  /** An intermediate CA certificate signed by {@code issuer} (plug-in CAs, tests). */
  public static X509Certificate intermediate(
      SigningAuthority issuer,
      PublicKey key,
      String commonName,
      Instant notBefore,
      Instant notAfter) {
    X500Name issuerName = X500Name.getInstance(
        issuer.signingCertificate().getSubjectX500Principal().getEncoded());
    return caCertificate(
        issuer.key(), issuerName, key, new X500Name("CN=" + commonName), notBefore, notAfter);
  }

  /**
   * A leaf certificate for {@code key} with {@code subjectAltNames} (critical, the subject is
   * empty), usable for TLS server and client authentication.
   */
  public static X509Certificate leaf(
      SigningAuthority issuer,
      PublicKey key,
      GeneralNames subjectAltNames,
      Instant notBefore,
      Instant notAfter) {
    X509Certificate signer = issuer.signingCertificate();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  signer,
                  serial(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                  key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
              .addExtension(Extension.subjectAlternativeName, true, subjectAltNames)
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  utils.createAuthorityKeyIdentifier(signer))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
      return sign(builder, issuer.key());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build a leaf certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate caCertificate(
      PrivateKey issuerKey,
      X500Name issuer,
      PublicKey key,
      X500Name subject,
      Instant notBefore,
      Instant notAfter) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  issuer, serial(), Date.from(notBefore), Date.from(notAfter), subject, key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
      return sign(builder, issuerKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build a CA certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }

  /** 127 random bits: positive, unique with overwhelming probability, at most 20 octets. */
  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).setBit(0);
  }

  private Certificates() {}
}
