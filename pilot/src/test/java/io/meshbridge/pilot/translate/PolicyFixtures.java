package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.ProxyScope.Kind;

/** What the policy golden tests share: a sidecar scope and YAML read into an accepted set. */
final class PolicyFixtures {

  static final ProxyScope SIDECAR = new ProxyScope(Kind.SIDECAR, "127.0.0.1");

  /** The policies of {@code yaml}, asserting that none is rejected. */
  static PolicySet accepted(String yaml) {
    PolicyParser.Result parsed = PolicyParser.parse("policy.yaml", yaml);
    PolicySet policies = PolicySet.of(parsed.resources(), parsed.rejections());
    assertThat(policies.rejections()).isEmpty();
    return policies;
  }

  private PolicyFixtures() {}
}
