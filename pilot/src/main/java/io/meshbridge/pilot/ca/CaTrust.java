package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the CA trusts and signs with at one moment: the current signer, and during a root rotation
 * the previous one until {@code overlapEnds}. Immutable; a rotation replaces it as a whole.
 *
 * @param signer signs every workload certificate
 * @param previous the root being retired, trusted until {@code overlapEnds}; null outside a rotation
 * @param overlapEnds when {@code previous} stops being trusted; null outside a rotation
 */
record CaTrust(
    SigningAuthority signer, @Nullable SigningAuthority previous, @Nullable Instant overlapEnds) {

  CaTrust {
    requireNonNull(signer, "signer");
    if ((previous == null) != (overlapEnds == null)) {
      throw new IllegalArgumentException(
          "previous and overlapEnds: " + previous + ", " + overlapEnds + " (expected: both or neither)");
    }
  }

  static CaTrust of(SigningAuthority signer) {
    return new CaTrust(signer, null, null);
  }

  /** Every root the mesh trusts now: the signer's, then the previous ones (during an overlap). */
  List<X509Certificate> roots() {
    List<X509Certificate> roots = new ArrayList<>(signer.roots());
    SigningAuthority old = previous;
    if (old != null) {
      old.roots().stream().filter(r -> !roots.contains(r)).forEach(roots::add);
    }
    return List.copyOf(roots);
  }

  /**
   * Signs pilot's own serving certificate: the previous root during an overlap, so that a proxy
   * still holding only the old root in its bootstrap can reach pilot to learn the new one.
   */
  SigningAuthority servingSigner() {
    SigningAuthority old = previous;
    return old != null ? old : signer;
  }

  PeerCertificateVerifier verifier(String trustDomain, Clock clock) {
    return new PeerCertificateVerifier(roots(), trustDomain, clock);
  }
}
