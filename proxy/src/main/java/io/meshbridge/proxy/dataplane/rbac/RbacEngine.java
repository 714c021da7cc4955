package io.meshbridge.proxy.dataplane.rbac;

import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Policy;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.config.rbac.RbacRules;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Envoy's RBAC engine over {@link RbacRules}: pure functions, no allocation per call. */
public final class RbacEngine {

  private RbacEngine() {}

  /** The name of the first policy (by name) that matches {@code in}, or null. */
  public static @Nullable String firstMatch(RbacRules rules, RbacInput in) {
    for (Map.Entry<String, Policy> e : rules.policies().entrySet()) {
      if (matches(e.getValue(), in)) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Whether {@code rules} allow {@code in} given the policy that matched ({@code null} for none):
   * ALLOW needs a match, DENY needs none, LOG allows everything.
   */
  public static boolean allowed(RbacRules.Action action, @Nullable String matched) {
    return switch (action) {
      case ALLOW -> matched != null;
      case DENY -> matched == null;
      case LOG -> true;
    };
  }

  /** A policy matches when one of its permissions and one of its principals match. */
  static boolean matches(Policy policy, RbacInput in) {
    boolean permitted = false;
    for (Permission p : policy.permissions()) {
      if (RbacMatchers.matches(p, in)) {
        permitted = true;
        break;
      }
    }
    if (!permitted) {
      return false;
    }
    for (Principal p : policy.principals()) {
      if (RbacMatchers.matches(p, in)) {
        return true;
      }
    }
    return false;
  }
}
