package io.meshbridge.pilot.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM in and out for certificates and private keys (PKCS#8, or PKCS#1/SEC1 key pairs). */
final class Pem {

  static String encode(Object certificateOrKey) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (certificateOrKey instanceof PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null)); // PKCS#8, "BEGIN PRIVATE KEY"
      } else {
        writer.writeObject(certificateOrKey);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PEM", e); // a StringWriter does not fail
    }
    return out.toString();
  }

  static String encode(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    certificates.forEach(c -> pem.append(encode(c)));
    return pem.toString();
  }

  /**
   * All certificates in {@code pem}.
   *
   * @throws IllegalArgumentException naming {@code what} if there is none or one is broken
   */
  static List<X509Certificate> certificates(String what, String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> result = new ArrayList<>();
      factory
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .forEach(c -> result.add((X509Certificate) c));
      if (result.isEmpty()) {
        throw new IllegalArgumentException(what + ": no PEM certificate");
      }
      return List.copyOf(result);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(what + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The private key in {@code pem}.
   *
   * @throws IllegalArgumentException naming {@code what} if there is none or it is encrypted
   */
  static PrivateKey privateKey(String what, String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object read = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (read instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (read instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public key
      }
      throw new IllegalArgumentException(
          what + ": no unencrypted PEM private key (expected: PKCS#8, PKCS#1 or SEC1)");
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": not a PEM private key: " + e.getMessage(), e);
    }
  }

  private Pem() {}
}
