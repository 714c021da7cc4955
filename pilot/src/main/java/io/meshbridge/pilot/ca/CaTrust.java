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
 * the previous roots until {@code overlapEnds}. Immutable; a rotation replaces it as a whole.
 *
 * @param signer signs every workload certificate
 * @param previous the self-signed root being retired (with its key: it signs pilot's serving
 *     certificate during the overlap); null outside a rotation and for a plug-in CA
 * @param previousRoots the roots being retired, trusted until {@code overlapEnds}
 * @param overlapEnds when {@code previousRoots} stop being trusted; null outside a rotation
 */
record CaTrust(
    SigningAuthority signer,
    @Nullable SigningAuthority previous,
    List<X509Certificate> previousRoots,
    @Nullable Instant overlapEnds) {

  CaTrust {
    requireNonNull(signer, "signer");
    previousRoots = List.copyOf(previousRoots);
    if (previousRoots.isEmpty() != (overlapEnds == null)) {
      throw new IllegalArgumentException(
          "previousRoots and overlapEnds: " + previousRoots.size() + " roots, " + overlapEnds
              + " (expected: both or neither)");
    }
    if (previous != null && !previousRoots.containsAll(previous.roots())) {
      throw new IllegalArgumentException("previousRoots: must hold the previous signer's roots");
    }
  }

  /** A self-signed root's rotation: the previous root, with its key, until {@code overlapEnds}. */
  CaTrust(SigningAuthority signer, @Nullable SigningAuthority previous, @Nullable Instant overlapEnds) {
    this(signer, previous, previous == null ? List.of() : previous.roots(), overlapEnds);
  }

  static CaTrust of(SigningAuthority signer) {
    return new CaTrust(signer, null, null);
  }

  /** Every root the mesh trusts now: the signer's, then the previous ones (during an overlap). */
  List<X509Certificate> roots() {
    List<X509Certificate> roots = new ArrayList<>(signer.roots());
    previousRoots.stream().filter(r -> !roots.contains(r)).forEach(roots::add);
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
