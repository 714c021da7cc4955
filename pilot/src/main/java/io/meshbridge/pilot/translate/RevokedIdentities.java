package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Optional;
import java.util.Set;

/**
 * Revocation at the proxies: a certificate stays valid until it expires (there is no CRL), so
 * every inbound chain starts with an RBAC DENY of the revoked identities ({@code ca.revoked}),
 * before any AuthorizationPolicy. Pilot itself refuses them at once (renewal, xDS).
 */
final class RevokedIdentities {

  /** The policy name in the RBAC filter, visible in the access log's details. */
  static final String POLICY = "meshbridge-revoked";

  /** A DENY rule for {@code revoked} (SPIFFE URIs), or empty when none is revoked. */
  static Optional<RBAC> deny(Set<String> revoked) {
    if (revoked.isEmpty()) {
      return Optional.empty();
    }
    Principal.Set.Builder ids = Principal.Set.newBuilder();
    for (String uri : revoked) {
      ids.addIds(
          Principal.newBuilder()
              .setAuthenticated(
                  Principal.Authenticated.newBuilder()
                      .setPrincipalName(StringMatcher.newBuilder().setExact(uri))));
    }
    Policy policy =
        Policy.newBuilder()
            .addPermissions(Permission.newBuilder().setAny(true))
            .addPrincipals(Principal.newBuilder().setOrIds(ids))
            .build();
    return Optional.of(
        RBAC.newBuilder().setAction(RBAC.Action.DENY).putPolicies(POLICY, policy).build());
  }

  private RevokedIdentities() {}
}
