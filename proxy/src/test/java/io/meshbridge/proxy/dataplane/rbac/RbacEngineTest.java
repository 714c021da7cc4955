package io.meshbridge.proxy.dataplane.rbac;

import static io.meshbridge.proxy.dataplane.rbac.RbacInputs.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Policy;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import io.meshbridge.proxy.config.rbac.RbacRules;
import io.meshbridge.proxy.config.rbac.RbacRules.Action;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RbacEngineTest {

  private static final Principal ANYONE = new Principal.Any();

  private static Policy path(String prefix) {
    return new Policy(
        List.of(new Permission.UrlPath(StringMatch.of(StringMatch.Kind.PREFIX, prefix, false))),
        List.of(ANYONE));
  }

  @Test
  void emptyPolicies() {
    assertThat(decide(new RbacRules(Action.ALLOW, Map.of()), "/")).isFalse();
    assertThat(decide(new RbacRules(Action.DENY, Map.of()), "/")).isTrue();
    assertThat(decide(new RbacRules(Action.LOG, Map.of()), "/")).isTrue();
  }

  @Test
  void allowNeedsAMatchDenyNeedsNoneLogNeverDenies() {
    Map<String, Policy> admin = Map.of("admin", path("/admin"));
    assertThat(decide(new RbacRules(Action.ALLOW, admin), "/admin/x")).isTrue();
    assertThat(decide(new RbacRules(Action.ALLOW, admin), "/public")).isFalse();
    assertThat(decide(new RbacRules(Action.DENY, admin), "/admin/x")).isFalse();
    assertThat(decide(new RbacRules(Action.DENY, admin), "/public")).isTrue();
    assertThat(decide(new RbacRules(Action.LOG, admin), "/admin/x")).isTrue();
  }

  @Test
  void theFirstMatchingPolicyByNameIsReported() {
    RbacRules rules = new RbacRules(Action.DENY, Map.of(
        "b-admin", path("/admin"), "a-all", path("/"), "c-none", path("/nothing")));
    assertThat(rules.policies().keySet()).containsExactly("a-all", "b-admin", "c-none");
    assertThat(RbacEngine.firstMatch(rules, get("/admin"))).isEqualTo("a-all");
    assertThat(RbacEngine.firstMatch(rules, get("/nothing"))).isEqualTo("a-all");
  }

  @Test
  void aPolicyNeedsAPermissionAndAPrincipal() {
    Policy tlsOnly = new Policy(
        List.of(new Permission.Any()), List.of(new Principal.Authenticated(null)));
    assertThat(RbacEngine.matches(tlsOnly, get("/"))).isFalse();
    Policy twoPaths = new Policy(
        List.of(
            new Permission.UrlPath(StringMatch.exact("/a")),
            new Permission.UrlPath(StringMatch.exact("/b"))),
        List.of(new Principal.Not(ANYONE), ANYONE));
    assertThat(RbacEngine.matches(twoPaths, get("/b"))).isTrue();
    assertThat(RbacEngine.matches(twoPaths, get("/c"))).isFalse();
  }

  @Test
  void theFilterCountsAndReportsAsEnvoy() {
    StatsRegistry registry = new StatsRegistry();
    StatsCache stats = new StatsCache(registry);
    RbacFilter deny = RbacFilter.of(List.of(new RbacFilterConfig(
        "http.inbound_8080.", new RbacRules(Action.DENY, Map.of("p1", path("/admin"))), "",
        new RbacRules(Action.ALLOW, Map.of("s1", path("/admin"))), "shadow_")), stats).get(0);

    RbacFilter.Verdict denied = deny.check(get("/admin"));
    RbacFilter.Verdict allowed = deny.check(get("/x"));

    assertThat(denied.denied()).isTrue();
    assertThat(denied.details()).isEqualTo("rbac_access_denied_matched_policy[p1]");
    assertThat(allowed.denied()).isFalse();
    assertThat(registry.prometheusText())
        .contains("rbac_allowed_total{stat_prefix=\"http.inbound_8080.\"} 1")
        .contains("rbac_denied_total{stat_prefix=\"http.inbound_8080.\"} 1")
        .contains("rbac_shadow_allowed_total{shadow_rules_stat_prefix=\"shadow_\","
            + "stat_prefix=\"http.inbound_8080.\"} 1")
        .contains("rbac_shadow_denied_total{shadow_rules_stat_prefix=\"shadow_\","
            + "stat_prefix=\"http.inbound_8080.\"} 1");
  }

  @Test
  void anAllowFilterWithoutMatchNamesNoneAndLogReportsItsMatch() {
    StatsCache stats = new StatsCache(new StatsRegistry());
    RbacFilter allow = RbacFilter.of(List.of(RbacFilterConfig.enforcing(
        "tcp.", new RbacRules(Action.ALLOW, Map.of()))), stats).get(0);
    RbacFilter log = RbacFilter.of(List.of(RbacFilterConfig.enforcing(
        "tcp.", new RbacRules(Action.LOG, Map.of("audit-admin", path("/admin"))))), stats).get(0);
    RbacFilter none = RbacFilter.of(List.of(new RbacFilterConfig(
        "tcp.", null, "", null, "")), stats).get(0);

    assertThat(allow.check(get("/")).details()).isEqualTo("rbac_access_denied_matched_policy[none]");
    assertThat(log.check(get("/admin"))).isEqualTo(
        new RbacFilter.Verdict(false, "audit-admin", "audit-admin"));
    assertThat(log.check(get("/other")).audit()).isNull();
    assertThat(none.check(get("/")).denied()).isFalse();
  }

  private static boolean decide(RbacRules rules, String target) {
    return RbacEngine.allowed(rules.action(), RbacEngine.firstMatch(rules, get(target)));
  }
}
