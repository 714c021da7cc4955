package io.meshbridge.proxy.config.rbac;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Envoy's {@code envoy.config.rbac.v3.RBAC}: an action and named policies. The policies are kept
 * sorted by name, the order Envoy checks them in (the first match names the decision).
 */
public record RbacRules(Action action, Map<String, Policy> policies) {

  /** What a policy match means. */
  public enum Action {
    /** Allowed only when some policy matches. */
    ALLOW,
    /** Denied when some policy matches. */
    DENY,
    /** Never denied; a match is recorded (access log {@code rbac_audit}). */
    LOG
  }

  public RbacRules {
    requireNonNull(action, "action");
    policies = Collections.unmodifiableMap(new TreeMap<>(policies));
  }
}
