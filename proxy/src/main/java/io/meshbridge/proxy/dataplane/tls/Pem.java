package io.meshbridge.proxy.dataplane.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM certificates and keys (PKCS#8, SEC1 EC and PKCS#1 RSA keys), parsed with BouncyCastle. */
public final class Pem {

  private Pem() {}

  /** The certificates in {@code pem}, in order. */
  public static List<X509Certificate> certificates(String pem) throws PemException {
    List<X509Certificate> certs = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (!(o instanceof X509CertificateHolder holder)) {
          throw new PemException("a " + o.getClass().getSimpleName() + " (expected: CERTIFICATE)");
        }
        certs.add(converter.getCertificate(holder));
      }
    } catch (IOException | CertificateException e) {
      throw new PemException("not a PEM certificate: " + e.getMessage());
    }
    if (certs.isEmpty()) {
      throw new PemException("no certificate (expected: at least one BEGIN CERTIFICATE block)");
    }
    return certs;
  }

  /** The one private key in {@code pem}. */
  public static PrivateKey privateKey(String pem) throws PemException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new PemException(
          (o == null ? "nothing" : "a " + o.getClass().getSimpleName())
              + " (expected: an unencrypted PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    } catch (IOException e) {
      throw new PemException("not a PEM private key: " + e.getMessage());
    }
  }

  /** {@code objects} (certificates, CSRs, private keys as PKCS#8) as PEM text. */
  public static String encode(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        if (o instanceof PrivateKey key) {
          writer.writeObject(new JcaPKCS8Generator(key, null));
        } else {
          writer.writeObject(o);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("PEM encoding failed", e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** PEM that could not be read; the message says what was found and what was expected. */
  public static final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
      super(message);
    }
  }
}
