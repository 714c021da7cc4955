package io.meshbridge.proxy.dataplane.stats;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One RBAC filter's counters (Envoy's {@code <stat_prefix>rbac.<rules_stat_prefix>allowed},
 * {@code denied} and {@code <stat_prefix>rbac.<shadow_rules_stat_prefix>shadow_allowed}, {@code
 * shadow_denied}), labelled {@code stat_prefix}, plus {@code rules_stat_prefix} / {@code
 * shadow_rules_stat_prefix} when those are set. Filters with the same prefixes share them, as in
 * Envoy.
 */
public final class RbacStats {

  private final LongAdder allowed;
  private final LongAdder denied;
  private final LongAdder shadowAllowed;
  private final LongAdder shadowDenied;

  RbacStats(StatsRegistry registry, Key key) {
    Map<String, String> rules = labels(key.statPrefix(), "rules_stat_prefix", key.rulesPrefix());
    Map<String, String> shadow =
        labels(key.statPrefix(), "shadow_rules_stat_prefix", key.shadowPrefix());
    allowed =
        registry.counter("rbac_allowed_total", "Requests or connections RBAC allowed.", rules);
    denied = registry.counter("rbac_denied_total", "Requests or connections RBAC denied.", rules);
    shadowAllowed =
        registry.counter(
            "rbac_shadow_allowed_total", "Requests or connections shadow rules would allow.",
            shadow);
    shadowDenied =
        registry.counter(
            "rbac_shadow_denied_total", "Requests or connections shadow rules would deny.",
            shadow);
  }

  private static Map<String, String> labels(String statPrefix, String name, String value) {
    Map<String, String> labels = new HashMap<>();
    labels.put("stat_prefix", statPrefix);
    if (!value.isEmpty()) {
      labels.put(name, value);
    }
    return labels;
  }

  public LongAdder allowed() {
    return allowed;
  }

  public LongAdder denied() {
    return denied;
  }

  public LongAdder shadowAllowed() {
    return shadowAllowed;
  }

  public LongAdder shadowDenied() {
    return shadowDenied;
  }

  /** The prefixes that name one set of counters. */
  public record Key(String statPrefix, String rulesPrefix, String shadowPrefix) {}
}
