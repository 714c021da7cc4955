package io.meshbridge.pilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.pilot.policy.AuthorizationRule.Attribute;
import io.meshbridge.pilot.policy.AuthorizationRule.Match;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PeerAuthentication and AuthorizationPolicy: every accepted field, each rejection's path. */
class SecurityPolicyParserTest {

  static final String POLICIES =
      """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: orders, namespace: shop}
      spec:
        selector: {matchLabels: {app: orders}}
        mtls: {mode: STRICT}
        portLevelMtls: {"8080": {mode: PERMISSIVE}, "9090": {mode: DISABLE}}
      ---
      apiVersion: security.istio.io/v1beta1
      kind: PeerAuthentication
      metadata: {name: default, namespace: istio-system}
      spec: {}
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: orders, namespace: shop}
      spec:
        selector: {matchLabels: {app: orders}}
        action: DENY
        rules:
        - from:
          - source: {principals: [cluster.local/ns/shop/sa/web], notNamespaces: [dev*]}
          - source: {ipBlocks: [10.0.0.0/8], notIpBlocks: [10.1.2.3], remoteIpBlocks: ["::1"],
                     notRemoteIpBlocks: [192.168.0.0/16]}
          to:
          - operation: {hosts: ["*.example.com"], notHosts: [a.example.com], ports: ["8080", 9090],
                        notPorts: ["1"], methods: [GET], notMethods: [DELETE], paths: [/api*],
                        notPaths: ["*/admin"]}
          when:
          - {key: "request.headers[X-Tenant]", values: [a], notValues: [b]}
          - {key: source.principal, values: ["*"]}
          - {key: source.namespace, notValues: [kube-system]}
          - {key: source.ip, values: [10.0.0.1]}
          - {key: remote.ip, values: [10.0.0.0/24]}
          - {key: destination.port, values: ["8080"]}
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow-nothing, namespace: shop}
      spec: {}
      """;

  @Test
  void readsEveryAcceptedField() {
    PolicyParser.Result result = PolicyParser.parse("sec.yaml", POLICIES);

    assertThat(result.rejections()).isEmpty();
    PeerAuthentication pa = (PeerAuthentication) result.resources().get(0);
    assertThat(pa.selector()).isEqualTo(Map.of("app", "orders"));
    assertThat(pa.mode()).isEqualTo(PeerAuthentication.Mode.STRICT);
    assertThat(pa.portLevelMtls()).isEqualTo(Map.of(
        8080, PeerAuthentication.Mode.PERMISSIVE, 9090, PeerAuthentication.Mode.DISABLE));
    PeerAuthentication mesh = (PeerAuthentication) result.resources().get(1);
    assertThat(mesh.mode()).isEqualTo(PeerAuthentication.Mode.UNSET);
    assertThat(mesh.selector()).isEmpty();

    AuthorizationPolicy ap = (AuthorizationPolicy) result.resources().get(2);
    assertThat(ap.action()).isEqualTo(AuthorizationPolicy.Action.DENY);
    AuthorizationRule rule = ap.rules().get(0);
    assertThat(rule.from()).hasSize(2);
    assertThat(rule.from().get(0)).containsExactly(
        new Match(Attribute.PRINCIPAL, "", false, List.of("cluster.local/ns/shop/sa/web"),
            "spec.rules[0].from[0].source.principals"),
        new Match(Attribute.NAMESPACE, "", true, List.of("dev*"),
            "spec.rules[0].from[0].source.notNamespaces"));
    assertThat(rule.from().get(1)).extracting(Match::attribute, Match::negated).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Attribute.SOURCE_IP, false),
        org.assertj.core.groups.Tuple.tuple(Attribute.SOURCE_IP, true),
        org.assertj.core.groups.Tuple.tuple(Attribute.REMOTE_IP, false),
        org.assertj.core.groups.Tuple.tuple(Attribute.REMOTE_IP, true));
    assertThat(rule.to().get(0)).extracting(Match::attribute).containsExactly(
        Attribute.HOST, Attribute.HOST, Attribute.PORT, Attribute.PORT, Attribute.METHOD,
        Attribute.METHOD, Attribute.PATH, Attribute.PATH);
    assertThat(rule.to().get(0).get(2).values()).containsExactly("8080", "9090");
    assertThat(rule.when()).extracting(Match::attribute).containsExactly(
        Attribute.REQUEST_HEADER, Attribute.REQUEST_HEADER, Attribute.PRINCIPAL,
        Attribute.NAMESPACE, Attribute.SOURCE_IP, Attribute.REMOTE_IP, Attribute.PORT);
    assertThat(rule.when().get(0).header()).isEqualTo("x-tenant");
    assertThat(rule.when().get(1).negated()).isTrue();

    AuthorizationPolicy nothing = (AuthorizationPolicy) result.resources().get(3);
    assertThat(nothing.action()).isEqualTo(AuthorizationPolicy.Action.ALLOW);
    assertThat(nothing.rules()).isEmpty();
    assertThat(PolicySet.of(result.resources(), result.rejections()))
        .satisfies(set -> {
          assertThat(set.peerAuthentications()).hasSize(2);
          assertThat(set.authorizationPolicies()).hasSize(2);
        });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mtls: {mode: OPTIONAL}|spec.mtls.mode: 'OPTIONAL' (expected: STRICT, PERMISSIVE, DISABLE"
            + " or UNSET)",
        "mtls: {mode: STRICT, x: 1}|spec.mtls.x: not supported",
        "portLevelMtls: {'8080': {mode: STRICT}}|spec.portLevelMtls: needs selector",
        "{selector: {matchLabels: {a: b}}, portLevelMtls: {http: {mode: STRICT}}}"
            + "|spec.portLevelMtls.http: 'http' (expected: a port number 1..65535)",
        "{selector: {matchLabels: {a: b}}, portLevelMtls: {'70000': {mode: STRICT}}}"
            + "|spec.portLevelMtls.70000: '70000' (expected: a port number 1..65535)",
        "selector: {matchLabels: {}}|spec.selector.matchLabels: required",
        "selector: {matchExpressions: []}|spec.selector.matchExpressions: not supported",
        "targetRef: {kind: Service, name: a}|spec.targetRef: not supported",
      })
  void peerAuthenticationRejections(String spec, String expected) {
    assertRejected("PeerAuthentication", spec, "PeerAuthentication shop/p: " + expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "action: CUSTOM|spec.action: CUSTOM is not supported",
        "action: LOG|spec.action: 'LOG' (expected: ALLOW, DENY or AUDIT)",
        "provider: {name: ext}|spec.provider: not supported",
        "targetRef: {kind: Gateway, name: a}|spec.targetRef: not supported",
        "targetRefs: []|spec.targetRefs: not supported",
        "rules: [{from: [{source: {requestPrincipals: ['*']}}]}]"
            + "|spec.rules[0].from[0].source.requestPrincipals: not supported",
        "rules: [{from: [{source: {}}]}]|spec.rules[0].from[0].source: expected at least one field",
        "rules: [{from: [{}]}]|spec.rules[0].from[0].source: required",
        "rules: [{to: [{operation: {paths: ['/a/{*}']}}]}]"
            + "|spec.rules[0].to[0].operation.paths[0]: '/a/{*}': path templates are not supported",
        "rules: [{to: [{operation: {paths: ['/a*b']}}]}]"
            + "|spec.rules[0].to[0].operation.paths[0]: '/a*b' (expected: exact, prefix*, *suffix or *)",
        "rules: [{to: [{operation: {ports: [http]}}]}]"
            + "|spec.rules[0].to[0].operation.ports[0]: 'http' (expected: a port number 1..65535)",
        "rules: [{to: [{operation: {methods: []}}]}]"
            + "|spec.rules[0].to[0].operation.methods: expected at least one value",
        "rules: [{from: [{source: {ipBlocks: [10.0.0.0/33]}}]}]"
            + "|spec.rules[0].from[0].source.ipBlocks[0]: '10.0.0.0/33' (expected: an IP address",
        "rules: [{when: [{key: 'request.auth.claims[iss]', values: [x]}]}]"
            + "|spec.rules[0].when[0].key: 'request.auth.claims[iss]' is not supported (expected:"
            + " request.headers[<name>], source.principal, source.namespace, source.ip, remote.ip"
            + " or destination.port)",
        "rules: [{when: [{key: request.auth.principal, values: [x]}]}]"
            + "|spec.rules[0].when[0].key: 'request.auth.principal' is not supported",
        "rules: [{when: [{key: destination.ip, values: [x]}]}]"
            + "|spec.rules[0].when[0].key: 'destination.ip' is not supported",
        "rules: [{when: [{key: source.ip}]}]|spec.rules[0].when[0]: expected values or notValues",
        "rules: [{when: [{key: source.ip, values: [nope]}]}]"
            + "|spec.rules[0].when[0].values[0]: 'nope' (expected: an IP address",
        "rules: [{from: [{source: {principals: [a]}}], x: 1}]|spec.rules[0].x: not supported",
      })
  void authorizationPolicyRejections(String spec, String expected) {
    assertRejected("AuthorizationPolicy", spec, "AuthorizationPolicy shop/p: " + expected);
  }

  @Test
  void securityKindsNeedTheSecurityGroup() {
    String yaml = "apiVersion: networking.istio.io/v1\nkind: PeerAuthentication\n"
        + "metadata: {name: p, namespace: shop}\nspec: {}\n---\n"
        + "apiVersion: security.istio.io/v1\nkind: DestinationRule\n"
        + "metadata: {name: d, namespace: shop}\nspec: {host: a}\n";
    assertThat(PolicyParser.parse("x.yaml", yaml).rejections()).extracting(Rejection::toString)
        .containsExactly(
            "PeerAuthentication shop/p: apiVersion: 'networking.istio.io/v1' (expected:"
                + " security.istio.io/v1 or v1beta1) (x.yaml#1)",
            "DestinationRule shop/d: apiVersion: 'security.istio.io/v1' (expected:"
                + " networking.istio.io/v1, v1beta1 or v1alpha3) (x.yaml#2)");
  }

  @Test
  void sameNameTwiceKeepsTheFirst() {
    String one = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
        + "metadata: {name: p, namespace: shop}\nspec: {action: DENY}\n";
    PolicyParser.Result r = PolicyParser.parse("x.yaml", one + "---\n" + one);
    PolicySet set = PolicySet.of(r.resources(), r.rejections());
    assertThat(set.authorizationPolicies()).hasSize(1);
    assertThat(set.rejections()).singleElement().asString()
        .startsWith("AuthorizationPolicy shop/p: metadata.name: defined twice");
  }

  static void assertRejected(String kind, String spec, String expected) {
    String body = spec.startsWith("{") ? spec : "{" + spec + "}";
    String yaml = "apiVersion: security.istio.io/v1\nkind: " + kind + "\n"
        + "metadata: {name: p, namespace: shop}\nspec: " + body + "\n";
    PolicyParser.Result result = PolicyParser.parse("p.yaml", yaml);
    assertThat(result.resources()).isEmpty();
    assertThat(result.rejections()).singleElement().asString().startsWith(expected);
  }
}
