package io.meshbridge.pilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DestinationRule policies and Meshbridge annotations: what is read, what is rejected. */
class PolicyExtensionsTest {

  private static final String DR =
      "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
          + "metadata: {name: r, namespace: shop%s}\nspec:\n  host: r\n  %s\n";

  private static final String VS =
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
          + "metadata: {name: r, namespace: shop, annotations: {%s}}\nspec:\n  hosts: [r]\n"
          + "  http: [{name: api, route: [{destination: {host: r}}]}]\n";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: a, useSourceIp: true}}}"
            + "|spec.trafficPolicy.loadBalancer.consistentHash: expected exactly one of",
        "|trafficPolicy: {loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}}"
            + "|spec.trafficPolicy.loadBalancer: expected at most one of simple, consistentHash",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: 'a/*', to: {b: 60}}]}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to: weights add up"
            + " to 60 (expected: 100)",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: 'a/*/c', to: {b: 100}}]}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].from: 'a/*/c'",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: a, to: {b: 0, c: 100}}]}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to.b: 0 (expected: 1..100)",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: a, to: {b: 100}}],"
            + " failover: [{from: a, to: b}]}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.distribute: not allowed together with failover",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: a, to: {b: 100}}],"
            + " failoverPriority: [x]}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.distribute: not allowed together with"
            + " failoverPriority",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {failoverPriority: [topology.kubernetes.io/region],"
            + " failover: [{from: a, to: b}]}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority: 'topology.kubernetes.io/region'"
            + " not allowed together with failover",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {failoverPriority: ['=x']}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority[0]: '=x' (expected:",
        "|trafficPolicy: {loadBalancer: {localityLbSetting: {failoverPriority: [a], foo: 1}}}"
            + "|spec.trafficPolicy.loadBalancer.localityLbSetting.foo: not supported",
        "|trafficPolicy: {tls: {mode: ISTIO_MUTUAL, credentialName: c}}"
            + "|spec.trafficPolicy.tls.credentialName: not supported",
        "|trafficPolicy: {outlierDetection: {maxEjectionPercent: 120}}"
            + "|spec.trafficPolicy.outlierDetection.maxEjectionPercent: 120 (expected: 0..100)",
        "|trafficPolicy: {connectionPool: {http: {h2UpgradePolicy: SOMETIMES}}}"
            + "|spec.trafficPolicy.connectionPool.http.h2UpgradePolicy: 'SOMETIMES'",
        "|trafficPolicy: {portLevelSettings: [{port: {number: 80}, portLevelSettings: []}]}"
            + "|spec.trafficPolicy.portLevelSettings[0].portLevelSettings: not supported",
        ", annotations: {meshbridge.io/load-balancer: P2C}|subsets: []"
            + "|metadata.annotations.meshbridge.io/load-balancer: 'P2C' (expected: PEAK_EWMA)",
        ", annotations: {meshbridge.io/load-balancer: PEAK_EWMA}"
            + "|trafficPolicy: {loadBalancer: {simple: RANDOM}}"
            + "|spec.trafficPolicy.loadBalancer: not allowed together with annotation",
        ", annotations: {meshbridge.io/lb: x}|subsets: []"
            + "|metadata.annotations.meshbridge.io/lb: not supported",
      })
  void destinationRuleRejections(String metadata, String spec, String expected) {
    PolicyParser.Result r =
        PolicyParser.parse("dr.yaml", DR.formatted(metadata == null ? "" : metadata, spec));
    assertThat(r.resources()).isEmpty();
    assertThat(r.rejections()).singleElement().asString()
        .startsWith("DestinationRule shop/r: " + expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "meshbridge.io/local-rate-limit.other: 1/1s"
            + "|metadata.annotations.meshbridge.io/local-rate-limit.other: no http route",
        "meshbridge.io/local-rate-limit.api: lots"
            + "|metadata.annotations.meshbridge.io/local-rate-limit.api: 'lots' (expected:",
        "meshbridge.io/local-rate-limit.api: '10/1s,burst=5'"
            + "|metadata.annotations.meshbridge.io/local-rate-limit.api: '10/1s,burst=5'",
        "meshbridge.io/retry-non-idempotent: maybe"
            + "|metadata.annotations.meshbridge.io/retry-non-idempotent: 'maybe'",
      })
  void virtualServiceAnnotationRejections(String annotations, String expected) {
    PolicyParser.Result r = PolicyParser.parse("vs.yaml", VS.formatted(annotations));
    assertThat(r.resources()).isEmpty();
    assertThat(r.rejections()).singleElement().asString()
        .startsWith("VirtualService shop/r: " + expected);
  }

  @Test
  void annotationsAndMergedPoliciesAreRead() {
    PolicyParser.Result vs = PolicyParser.parse("vs.yaml", VS.formatted(
        "meshbridge.io/local-rate-limit.api: 100/500ms, other.io/x: y"));
    assertThat(((VirtualService) vs.resources().get(0)).extensions().localRateLimits())
        .containsEntry("api", new VirtualService.LocalRateLimit(100, Duration.ofMillis(500), 100));

    PolicyParser.Result dr = PolicyParser.parse("dr.yaml", DR.formatted(
        ", annotations: {meshbridge.io/load-balancer: PEAK_EWMA}",
        "subsets: [{name: a, labels: {v: a}, trafficPolicy: {portLevelSettings: [{port: {number: 81},"
            + " connectionPool: {tcp: {maxConnections: 3}}}]}}]\n"
            + "  trafficPolicy: {connectionPool: {tcp: {maxConnections: 1}}, portLevelSettings:"
            + " [{port: {number: 81}, connectionPool: {tcp: {maxConnections: 2}}}]}"));
    DestinationRule rule = (DestinationRule) dr.resources().get(0);
    assertThat(rule.peakEwmaDecay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(rule.policy("", 80).connectionPool().maxConnections()).isEqualTo(1);
    assertThat(rule.policy("", 81).connectionPool().maxConnections()).isEqualTo(2);
    assertThat(rule.policy("a", 80).connectionPool().maxConnections()).isEqualTo(1);
    assertThat(rule.policy("a", 81).connectionPool().maxConnections()).isEqualTo(3);
  }

  @Test
  void aMirrorToAnUndefinedSubsetIsNamedByItsField() {
    String vs =
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
            + "metadata: {name: r, namespace: shop}\nspec:\n  hosts: [r]\n  http:\n"
            + "  - {route: [{destination: {host: r}}], mirror: {host: r, subset: a}}\n"
            + "  - {route: [{destination: {host: r}}], mirrors: [{destination: {host: r}},"
            + " {destination: {host: r, subset: b}}]}\n";
    PolicyParser.Result parsed = PolicyParser.parse("vs.yaml", vs);
    VirtualService read = (VirtualService) parsed.resources().get(0);
    assertThat(read.targets()).extracting(VirtualService.Target::path).containsExactly(
        "spec.http[0].route[0].destination", "spec.http[0].mirror",
        "spec.http[1].route[0].destination", "spec.http[1].mirrors[0].destination",
        "spec.http[1].mirrors[1].destination");
    assertThat(PolicySet.of(parsed.resources(), java.util.List.of()).rejections())
        .singleElement().asString()
        .startsWith("VirtualService shop/r: spec.http[0].mirror.subset: 'a' is not defined");
  }
}
