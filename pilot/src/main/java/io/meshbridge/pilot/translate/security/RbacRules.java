package io.meshbridge.pilot.translate.security;

import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.meshbridge.pilot.policy.AuthorizationPolicy;
import io.meshbridge.pilot.policy.AuthorizationRule;
import io.meshbridge.pilot.policy.AuthorizationRule.Match;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The AuthorizationPolicies of a workload as RBAC rules, one per action in Istio's order: DENY,
 * ALLOW, LOG (AUDIT). Each rule {@code i} of a policy is the RBAC policy {@code
 * ns[<ns>]-policy[<name>]-rule[<i>]}: a principal per {@code from} entry, a permission per {@code
 * to} entry (none: {@code any}), the {@code when} conditions ANDed into each.
 */
public final class RbacRules {

  /** The actions in the order their filters run. */
  private static final List<AuthorizationPolicy.Action> ORDER =
      List.of(AuthorizationPolicy.Action.DENY, AuthorizationPolicy.Action.ALLOW,
          AuthorizationPolicy.Action.AUDIT);

  /**
   * The rules for the policies of {@code applied}, for each action some policy has.
   *
   * @param tcpPort the inbound port, when it is TCP: HTTP-only fields make an ALLOW rule match
   *     nothing and are left out of a DENY or AUDIT rule, each reported in {@code problems};
   *     0 for an HTTP-family port
   */
  public static List<RBAC> of(List<AuthorizationPolicy> applied, int tcpPort, List<String> problems) {
    List<RBAC> out = new ArrayList<>();
    for (AuthorizationPolicy.Action action : ORDER) {
      List<AuthorizationPolicy> policies =
          applied.stream().filter(ap -> ap.action() == action).toList();
      if (policies.isEmpty()) {
        continue;
      }
      RBAC.Builder rbac = RBAC.newBuilder().setAction(switch (action) {
        case DENY -> RBAC.Action.DENY;
        case ALLOW -> RBAC.Action.ALLOW;
        case AUDIT -> RBAC.Action.LOG;
      });
      for (AuthorizationPolicy ap : policies) {
        for (int i = 0; i < ap.rules().size(); i++) {
          AuthorizationRule rule = ap.rules().get(i);
          if (tcpPort != 0) {
            rule = forTcp(ap, rule, tcpPort, problems);
            if (rule == null) {
              continue;
            }
          }
          rbac.putPolicies(
              "ns[" + ap.namespace() + "]-policy[" + ap.name() + "]-rule[" + i + "]",
              policy(rule));
        }
      }
      out.add(rbac.build());
    }
    return out;
  }

  /** The rule for a TCP port, or null when it is an ALLOW rule with an HTTP-only field. */
  private static @Nullable AuthorizationRule forTcp(
      AuthorizationPolicy ap, AuthorizationRule rule, int port, List<String> problems) {
    List<Match> httpOnly = new ArrayList<>();
    rule.to().forEach(entry -> entry.stream().filter(m -> m.attribute().httpOnly())
        .forEach(httpOnly::add));
    rule.when().stream().filter(m -> m.attribute().httpOnly()).forEach(httpOnly::add);
    if (httpOnly.isEmpty()) {
      return rule;
    }
    boolean allow = ap.action() == AuthorizationPolicy.Action.ALLOW;
    for (Match m : httpOnly) {
      problems.add(ap.describe() + ": " + m.field() + ": HTTP only, inbound port " + port
          + " is TCP: " + (allow ? "the ALLOW rule matches nothing"
              : "left out of the " + ap.action() + " rule"));
    }
    if (allow) {
      return null;
    }
    List<List<Match>> to = rule.to().stream()
        .map(entry -> entry.stream().filter(m -> !m.attribute().httpOnly()).toList())
        .toList();
    List<Match> when = rule.when().stream().filter(m -> !m.attribute().httpOnly()).toList();
    return new AuthorizationRule(rule.from(), to, when);
  }

  static Policy policy(AuthorizationRule rule) {
    List<Match> peerWhen = rule.when().stream().filter(m -> m.attribute().ofPeer()).toList();
    List<Match> requestWhen = rule.when().stream().filter(m -> !m.attribute().ofPeer()).toList();
    Policy.Builder policy = Policy.newBuilder();
    List<List<Match>> from = rule.from().isEmpty() ? List.of(List.of()) : rule.from();
    for (List<Match> entry : from) {
      Principal.Set.Builder all = Principal.Set.newBuilder();
      entry.forEach(m -> all.addIds(RbacMatchers.principal(m)));
      peerWhen.forEach(m -> all.addIds(RbacMatchers.principal(m)));
      policy.addPrincipals(all.getIdsCount() == 0
          ? Principal.newBuilder().setAny(true).build()
          : Principal.newBuilder().setAndIds(all).build());
    }
    List<List<Match>> to = rule.to().isEmpty() ? List.of(List.of()) : rule.to();
    for (List<Match> entry : to) {
      Permission.Set.Builder all = Permission.Set.newBuilder();
      entry.forEach(m -> all.addRules(RbacMatchers.permission(m)));
      requestWhen.forEach(m -> all.addRules(RbacMatchers.permission(m)));
      policy.addPermissions(all.getRulesCount() == 0
          ? Permission.newBuilder().setAny(true).build()
          : Permission.newBuilder().setAndRules(all).build());
    }
    return policy.build();
  }

  private RbacRules() {}
}
