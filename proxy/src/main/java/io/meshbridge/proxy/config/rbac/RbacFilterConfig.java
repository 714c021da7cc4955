package io.meshbridge.proxy.config.rbac;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One RBAC filter, HTTP ({@code envoy.filters.http.rbac}) or network ({@code
 * envoy.filters.network.rbac}).
 *
 * @param statPrefix where its counters go: {@code http.<hcm stat_prefix>.} for an HTTP filter,
 *     the filter's {@code stat_prefix} for a network one (Envoy's {@code <stat_prefix>rbac.*})
 * @param rules the enforced rules, or null: nothing is enforced (everything allowed)
 * @param rulesStatPrefix the HTTP filter's {@code rules_stat_prefix} ("" for none)
 * @param shadowRules rules only counted ({@code shadow_allowed}/{@code shadow_denied}), or null
 * @param shadowRulesStatPrefix {@code shadow_rules_stat_prefix} ("" for none)
 */
public record RbacFilterConfig(
    String statPrefix,
    @Nullable RbacRules rules,
    String rulesStatPrefix,
    @Nullable RbacRules shadowRules,
    String shadowRulesStatPrefix) {

  public RbacFilterConfig {
    requireNonNull(statPrefix, "statPrefix");
    requireNonNull(rulesStatPrefix, "rulesStatPrefix");
    requireNonNull(shadowRulesStatPrefix, "shadowRulesStatPrefix");
  }

  /** A filter enforcing {@code rules}, without shadow rules or extra stat prefixes. */
  public static RbacFilterConfig enforcing(String statPrefix, RbacRules rules) {
    return new RbacFilterConfig(statPrefix, rules, "", null, "");
  }
}
