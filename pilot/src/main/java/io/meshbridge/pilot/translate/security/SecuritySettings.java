package io.meshbridge.pilot.translate.security;

import static java.util.Objects.requireNonNull;

/**
 * What translation needs of pilot's security configuration.
 *
 * @param trustDomain {@code ca.trustDomain}: mesh identities are {@code spiffe://<td>/ns/..}
 * @param rootNamespace {@code security.rootNamespace}: policies there apply to the whole mesh
 * @param meshTls whether pilot serves a trust bundle ({@code ROOTCA}), i.e. runs a CA: without
 *     one no proxy can have a mesh certificate, so PERMISSIVE inbound ports are plaintext only and
 *     no auto mTLS is written; STRICT stays STRICT (it refuses every connection, reported)
 * @param revoked {@code ca.revoked} as SPIFFE URIs: every inbound chain denies them first, so
 *     proxies stop accepting a revoked identity's still-valid certificate
 */
public record SecuritySettings(
    String trustDomain, String rootNamespace, boolean meshTls, java.util.Set<String> revoked) {

  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
  public static final String DEFAULT_ROOT_NAMESPACE = "istio-system";

  /** Istio's defaults: trust domain {@code cluster.local}, root namespace {@code istio-system}. */
  public static final SecuritySettings DEFAULT =
      new SecuritySettings(DEFAULT_TRUST_DOMAIN, DEFAULT_ROOT_NAMESPACE);

  /** Settings for a mesh with a CA. */
  public SecuritySettings(String trustDomain, String rootNamespace) {
    this(trustDomain, rootNamespace, true, java.util.Set.of());
  }

  /** These settings with {@code meshTls} as given. */
  public SecuritySettings withMeshTls(boolean tls) {
    return tls == meshTls ? this : new SecuritySettings(trustDomain, rootNamespace, tls, revoked);
  }

  /** These settings with {@code identities} (SPIFFE URIs) revoked. */
  public SecuritySettings withRevoked(java.util.Set<String> identities) {
    return new SecuritySettings(trustDomain, rootNamespace, meshTls, identities);
  }

  public SecuritySettings {
    requireNonNull(trustDomain, "trustDomain");
    requireNonNull(rootNamespace, "rootNamespace");
    revoked = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(revoked));
    if (trustDomain.isEmpty() || trustDomain.contains("/")) {
      throw new IllegalArgumentException(
          "trustDomain: '" + trustDomain + "' (expected: a domain such as cluster.local)");
    }
    if (rootNamespace.isEmpty()) {
      throw new IllegalArgumentException("rootNamespace: '' (expected: a namespace)");
    }
  }
}
