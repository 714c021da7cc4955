package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.type.matcher.v3.PathMatcher;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.rbac.Cidr;
import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Policy;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.config.rbac.RbacRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code envoy.config.rbac.v3.RBAC} → {@link RbacRules}: {@code action} ALLOW, DENY or LOG and
 * {@code policies} of {@code permissions} and {@code principals} (see {@link
 * RbacMatcherConverter}). A policy {@code condition} (CEL), {@code audit_logging_options} and any
 * matcher this proxy does not implement are rejected by name.
 */
final class RbacRulesConverter {

  private RbacRulesConverter() {}

  static RbacRules convert(RBAC rbac, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(rbac, path, "action", "policies");
    RbacRules.Action action =
        switch (rbac.getAction()) {
          case ALLOW -> RbacRules.Action.ALLOW;
          case DENY -> RbacRules.Action.DENY;
          case LOG -> RbacRules.Action.LOG;
          default ->
              throw check.invalid(
                  join(path, "action"),
                  rbac.getActionValue() + " is not supported (supported: ALLOW, DENY, LOG)");
        };
    Map<String, Policy> policies = new LinkedHashMap<>();
    for (var e : new TreeMap<>(rbac.getPoliciesMap()).entrySet()) {
      String at = join(path, "policies") + "[\"" + e.getKey() + "\"]";
      policies.put(e.getKey(), policy(e.getValue(), check, at));
    }
    return new RbacRules(action, policies);
  }

  private static Policy policy(
      io.envoyproxy.envoy.config.rbac.v3.Policy p, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(p, path, "permissions", "principals");
    List<Permission> permissions = new ArrayList<>();
    for (int i = 0; i < p.getPermissionsCount(); i++) {
      permissions.add(
          RbacMatcherConverter.permission(
              p.getPermissions(i), check, at(join(path, "permissions"), i)));
    }
    List<Principal> principals = new ArrayList<>();
    for (int i = 0; i < p.getPrincipalsCount(); i++) {
      principals.add(
          RbacMatcherConverter.principal(
              p.getPrincipals(i), check, at(join(path, "principals"), i)));
    }
    if (permissions.isEmpty()) {
      throw check.invalid(join(path, "permissions"), "empty (expected: at least 1, as Envoy)");
    }
    if (principals.isEmpty()) {
      throw check.invalid(join(path, "principals"), "empty (expected: at least 1, as Envoy)");
    }
    return new Policy(permissions, principals);
  }

  static Cidr cidr(CidrRange range, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(range, path, "address_prefix", "prefix_len");
    try {
      return Cidr.of(range.getAddressPrefix(), range.getPrefixLen().getValue());
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      throw check.invalid(
          join(path, message.substring(0, colon)), message.substring(colon + 2));
    }
  }

  static StringMatch path(PathMatcher m, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(m, path, "path");
    if (!m.hasPath()) {
      throw check.invalid(join(path, "path"), "missing (expected: a StringMatcher)");
    }
    return MatchConverter.string(m.getPath(), check, join(path, "path"));
  }
}
