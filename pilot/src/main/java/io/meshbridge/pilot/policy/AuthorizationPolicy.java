package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * An Istio AuthorizationPolicy (action ALLOW, DENY or AUDIT; CUSTOM is rejected).
 *
 * @param selector {@code selector.matchLabels}; empty = every workload of the namespace (of the
 *     mesh, in the root namespace)
 * @param rules in order; none: an ALLOW policy allows nothing, a DENY or AUDIT one matches nothing
 */
public record AuthorizationPolicy(
    String namespace,
    String name,
    Map<String, String> selector,
    Action action,
    List<AuthorizationRule> rules,
    String source)
    implements PolicyResource {

  public static final String KIND = "AuthorizationPolicy";

  /** {@code action}, as Istio; written as RBAC actions ALLOW, DENY and LOG. */
  public enum Action {
    ALLOW,
    DENY,
    AUDIT
  }

  public AuthorizationPolicy {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(action, "action");
    requireNonNull(source, "source");
    selector = Map.copyOf(selector);
    rules = List.copyOf(rules);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
