package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What signs: the key, its certificate chain (the signing certificate first, up to but not
 * necessarily including a root), and the root bundle that workloads trust.
 */
public record SigningAuthority(
    PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) {

  public SigningAuthority {
    requireNonNull(key, "key");
    chain = List.copyOf(chain);
    roots = List.copyOf(roots);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty (expected: the signing certificate first)");
    }
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("roots: empty (expected: at least one root certificate)");
    }
  }

  /** The certificate whose key signs. */
  public X509Certificate signingCertificate() {
    return chain.get(0);
  }

  /** The chain that follows a leaf: {@link #chain} then the roots not already at its end. */
  List<X509Certificate> chainAboveLeaf() {
    List<X509Certificate> result = new ArrayList<>(chain);
    for (X509Certificate root : roots) {
      if (!result.contains(root)) {
        result.add(root);
      }
    }
    return List.copyOf(result);
  }
}
