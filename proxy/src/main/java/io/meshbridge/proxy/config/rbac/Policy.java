package io.meshbridge.proxy.config.rbac;

import java.util.List;

/**
 * Envoy's RBAC {@code Policy}: it matches when some permission and some principal match.
 *
 * @param permissions at least one (Envoy's validation)
 * @param principals at least one
 */
public record Policy(List<Permission> permissions, List<Principal> principals) {

  public Policy {
    permissions = List.copyOf(permissions);
    principals = List.copyOf(principals);
    if (permissions.isEmpty() || principals.isEmpty()) {
      throw new IllegalArgumentException(
          "permissions: " + permissions.size() + ", principals: " + principals.size()
              + " (expected: at least one of each)");
    }
  }
}
