package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A PEM PKCS#10 CSR whose signature verifies (so its sender holds the private key), and the one
 * identity it asks for: its only URI SAN. Everything else in it is ignored: the CA decides the
 * rest of the certificate.
 */
record ParsedCsr(PublicKey publicKey, SpiffeId identity) {

  ParsedCsr {
    requireNonNull(publicKey, "publicKey");
    requireNonNull(identity, "identity");
  }

  /**
   * @throws CaRefusedException {@link Refusal#CSR_TOO_LARGE} above {@code maxChars}, {@link
   *     Refusal#MALFORMED_CSR} naming what is wrong otherwise
   */
  static ParsedCsr parse(String pem, int maxChars) {
    if (pem.length() > maxChars) {
      throw new CaRefusedException(
          Refusal.CSR_TOO_LARGE, "csr: " + pem.length() + " characters (expected: at most " + maxChars + ")");
    }
    JcaPKCS10CertificationRequest csr = read(pem);
    try {
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getPublicKey()))) {
        throw malformed("signature does not verify with the CSR's public key");
      }
      return new ParsedCsr(strongEnough(csr.getPublicKey()), identity(csr));
    } catch (OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
      throw malformed("cannot verify its signature: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  /** RSA of at least 2048 bits, or EC (the JDK only parses named curves it supports). */
  private static PublicKey strongEnough(PublicKey key) {
    if (key instanceof java.security.interfaces.RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      throw malformed("public key: RSA " + rsa.getModulus().bitLength() + " bits (expected: at least 2048, or EC)");
    }
    if (!(key instanceof java.security.interfaces.RSAPublicKey) && !(key instanceof java.security.interfaces.ECPublicKey)) {
      throw malformed("public key: " + key.getAlgorithm() + " (expected: RSA or EC)");
    }
    return key;
  }

  private static JcaPKCS10CertificationRequest read(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object read = parser.readObject();
      if (read instanceof PKCS10CertificationRequest request) {
        return new JcaPKCS10CertificationRequest(request);
      }
      throw malformed("no PEM CERTIFICATE REQUEST block");
    } catch (IOException | RuntimeException e) {
      if (e instanceof CaRefusedException refused) {
        throw refused;
      }
      throw malformed("not a PEM PKCS#10 request: " + e.getMessage());
    }
  }

  private static SpiffeId identity(PKCS10CertificationRequest csr) {
    List<String> uris = new ArrayList<>();
    for (var attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
      GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
      if (names == null) {
        continue;
      }
      for (GeneralName name : names.getNames()) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
          uris.add(name.getName().toString());
        }
      }
    }
    if (uris.size() != 1) {
      throw new IllegalArgumentException(
          "URI SANs " + uris + " (expected: exactly one spiffe://<trust-domain>/ns/<ns>/sa/<sa>)");
    }
    return SpiffeId.parse(uris.get(0));
  }

  private static CaRefusedException malformed(String detail) {
    return new CaRefusedException(Refusal.MALFORMED_CSR, "csr: " + detail);
  }
}
