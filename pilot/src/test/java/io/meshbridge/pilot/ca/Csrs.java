package io.meshbridge.pilot.ca;

import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs as a workload agent makes them: its own key, one SPIFFE URI SAN. */
final class Csrs {

  static String csr(KeyPair keys, String... uriSans) {
    return signedWith("SHA256withECDSA", keys, uriSans);
  }

  static String signedWith(String signatureAlgorithm, KeyPair keys, String... uriSans) {
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      if (uriSans.length > 0) {
        GeneralName[] names = new GeneralName[uriSans.length];
        for (int i = 0; i < uriSans.length; i++) {
          names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uriSans[i]);
        }
        extensions.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names));
      }
      var builder =
          new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), keys.getPublic());
      if (!extensions.isEmpty()) {
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      return Pem.encode(builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String csr(KeyPair keys, SpiffeId id) {
    return csr(keys, id.uri());
  }

  private Csrs() {}
}
