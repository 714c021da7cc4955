package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Authenticates a renewal by the client certificate the caller proved it holds in the TLS
 * handshake: the chain must lead to one of this CA's roots at the CA's clock, and the leaf must
 * carry one SPIFFE ID of this trust domain.
 *
 * <p>The TLS layer accepts any client certificate on purpose: checking here, with the CA's clock,
 * names the reason (expired, another CA, another trust domain) and counts it, where a handshake
 * failure would only tell the caller "bad certificate".
 */
final class PeerCertificateVerifier {

  private final Set<TrustAnchor> anchors;
  private final String trustDomain;
  private final Clock clock;

  PeerCertificateVerifier(List<X509Certificate> roots, String trustDomain, Clock clock) {
    this.anchors =
        roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toUnmodifiableSet());
    this.trustDomain = requireNonNull(trustDomain, "trustDomain");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * @param chain the peer's chain, its own certificate first
   * @return the identity the certificate proves
   * @throws CaRefusedException naming why the certificate does not authenticate anyone
   */
  SpiffeId verify(List<X509Certificate> chain) {
    X509Certificate leaf = chain.get(0);
    String subject = "client certificate " + leaf.getSerialNumber().toString(16);
    Date now = Date.from(clock.instant());
    try {
      leaf.checkValidity(now);
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new CaRefusedException(
          Refusal.CERTIFICATE_EXPIRED,
          subject + ": valid " + leaf.getNotBefore().toInstant() + " to "
              + leaf.getNotAfter().toInstant() + ", now is " + now.toInstant());
    }
    validatePath(chain, now, subject);
    SpiffeId id = identity(leaf, subject);
    if (!id.trustDomain().equals(trustDomain)) {
      throw new CaRefusedException(
          Refusal.WRONG_TRUST_DOMAIN,
          subject + ": " + id + " (expected: trust domain " + trustDomain + ")");
    }
    return id;
  }

  private void validatePath(List<X509Certificate> chain, Date now, String subject) {
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))) {
        path.add(c); // anchors themselves do not belong in the path
      }
    }
    try {
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(now);
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (CertPathValidatorException e) {
      Refusal reason =
          e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                  || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID
              ? Refusal.CERTIFICATE_EXPIRED
              : Refusal.UNTRUSTED_CERTIFICATE;
      throw new CaRefusedException(
          reason, subject + " (issuer " + chain.get(0).getIssuerX500Principal() + "): " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new CaRefusedException(Refusal.INTERNAL, subject + ": cannot validate: " + e, e);
    }
  }

  private static SpiffeId identity(X509Certificate leaf, String subject) {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (Integer.valueOf(6).equals(name.get(0))) { // 6: uniformResourceIdentifier
            uris.add(String.valueOf(name.get(1)));
          }
        }
      }
      if (uris.size() != 1) {
        throw new IllegalArgumentException("URI SANs " + uris + " (expected: exactly one SPIFFE ID)");
      }
      return SpiffeId.parse(uris.get(0));
    } catch (CertificateParsingException | IllegalArgumentException e) {
      throw new CaRefusedException(Refusal.NOT_A_WORKLOAD_CERTIFICATE, subject + ": " + e.getMessage());
    }
  }
}
