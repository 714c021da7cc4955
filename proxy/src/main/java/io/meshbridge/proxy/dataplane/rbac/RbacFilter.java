package io.meshbridge.proxy.dataplane.rbac;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import io.meshbridge.proxy.config.rbac.RbacRules;
import io.meshbridge.proxy.dataplane.stats.RbacStats;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One RBAC filter with its counters, built once per config update. {@link #check} runs the shadow
 * rules (counted only) and the enforced rules, as Envoy's RBAC filters do.
 */
public final class RbacFilter {

  private final RbacFilterConfig config;
  private final RbacStats stats;

  public RbacFilter(RbacFilterConfig config, RbacStats stats) {
    this.config = requireNonNull(config, "config");
    this.stats = requireNonNull(stats, "stats");
  }

  /** The filters of {@code configs}, in order, with their counters from {@code stats}. */
  public static List<RbacFilter> of(List<RbacFilterConfig> configs, StatsCache stats) {
    return configs.stream()
        .map(c -> new RbacFilter(
            c, stats.rbac(c.statPrefix(), c.rulesStatPrefix(), c.shadowRulesStatPrefix())))
        .toList();
  }

  public RbacFilterConfig config() {
    return config;
  }

  /** Checks {@code in}, counts the outcome, and says what the filter decided. */
  public Verdict check(RbacInput in) {
    RbacRules shadow = config.shadowRules();
    if (shadow != null) {
      boolean ok = RbacEngine.allowed(shadow.action(), RbacEngine.firstMatch(shadow, in));
      (ok ? stats.shadowAllowed() : stats.shadowDenied()).increment();
    }
    RbacRules rules = config.rules();
    if (rules == null) {
      return Verdict.NOT_ENFORCED;
    }
    String matched = RbacEngine.firstMatch(rules, in);
    boolean allowed = RbacEngine.allowed(rules.action(), matched);
    (allowed ? stats.allowed() : stats.denied()).increment();
    if (allowed && (matched == null || rules.action() != RbacRules.Action.LOG)) {
      return Verdict.ALLOWED;
    }
    return new Verdict(!allowed, matched, allowed ? matched : null);
  }

  /**
   * What one filter decided.
   *
   * @param denied whether the request or connection must be refused
   * @param policy the enforced policy that matched, or null
   * @param audit the matched policy of a LOG filter (access log {@code rbac_audit}), or null
   */
  public record Verdict(boolean denied, @Nullable String policy, @Nullable String audit) {

    static final Verdict ALLOWED = new Verdict(false, null, null);
    static final Verdict NOT_ENFORCED = ALLOWED;

    /** Envoy's response code details / connection termination details for a denial. */
    public String details() {
      return "rbac_access_denied_matched_policy[" + (policy == null ? "none" : policy) + "]";
    }
  }
}
