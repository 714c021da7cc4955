package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.translate.SecurityFixtures.EMPTY;
import static io.meshbridge.pilot.translate.SecurityFixtures.SCOPE;
import static io.meshbridge.pilot.translate.SecurityFixtures.authz;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AuthorizationPolicy → RBAC filters on inbound HTTP and TCP chains. */
class AuthorizationGoldenTest {

  static final String POLICIES =
      authz("istio-system", "mesh-deny", """
            action: DENY
            rules:
            - from: [{source: {notNamespaces: [trusted*, "*-prod"]}}]
              to: [{operation: {paths: ["/admin*"]}}]
          """)
      + authz("shop", "allow-web", """
            selector: {matchLabels: {app: orders}}
            rules:
            - from:
              - source: {principals: [cluster.local/ns/shop/sa/web, "*/sa/batch", "spiffe-ish*"],
                         notPrincipals: ["*"]}
              - source: {namespaces: [shop, "*"], ipBlocks: [10.0.0.0/8], notIpBlocks: [10.9.9.9],
                         remoteIpBlocks: ["2001:db8::/32"], notRemoteIpBlocks: [192.168.1.1]}
              to:
              - operation: {hosts: [orders.example.com, "*.shop.mesh", "orders*"],
                            notHosts: ["*"], ports: ["8080"], notPorts: ["9999"],
                            methods: [GET, POST], notMethods: [DELETE],
                            paths: [/api/orders, "*/health", "*"], notPaths: ["/api/internal*"]}
              when:
              - {key: "request.headers[X-Tenant]", values: [acme, "team-*"], notValues: ["*-test"]}
              - {key: source.principal, values: [cluster.local/ns/shop/sa/web]}
              - {key: source.namespace, notValues: [kube-system]}
              - {key: source.ip, values: [10.0.0.1]}
              - {key: remote.ip, values: [10.0.0.0/24]}
              - {key: destination.port, values: ["8080", "9000"]}
            - {}
          """)
      + authz("shop", "audit", """
            action: AUDIT
            rules: [{to: [{operation: {methods: [DELETE]}}]}]
          """)
      + authz("shop", "not-selected", """
            selector: {matchLabels: {app: web}}
            action: DENY
            rules: [{}]
          """)
      + authz("other", "other-namespace", """
            action: DENY
            rules: [{}]
          """);

  static final String TCP_POLICIES =
      authz("shop", "tcp-allow", """
            rules:
            - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]
              to: [{operation: {ports: ["9000"]}}]
            - to: [{operation: {methods: [GET]}}]
            - when: [{key: "request.headers[x-a]", values: [b]}]
          """)
      + authz("shop", "tcp-deny", """
            action: DENY
            rules:
            - from: [{source: {namespaces: [dev]}}]
              to: [{operation: {paths: [/x], ports: ["9000"]}}]
          """);

  static XdsResources translate(PolicySet policies) {
    return Translator.translate(EMPTY, policies, SCOPE, SecuritySettings.DEFAULT);
  }

  static Listener listener(XdsResources r, int port) {
    return r.listeners().stream().filter(l -> l.getName().equals("inbound_0.0.0.0_" + port))
        .findFirst().orElseThrow();
  }

  @Test
  void httpPortGetsDenyAllowLogFiltersBeforeTheRouter() throws InvalidProtocolBufferException {
    XdsResources r = translate(PolicyFixtures.accepted(POLICIES));

    for (var chain : listener(r, 8080).getFilterChainsList()) {
      HttpConnectionManager hcm =
          chain.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(
          "envoy.filters.http.rbac", "envoy.filters.http.rbac", "envoy.filters.http.rbac",
          "envoy.filters.http.router");
      List<RBAC> rules = hcm.getHttpFiltersList().subList(0, 3).stream()
          .map(f -> unpack(f, io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class)
              .getRules())
          .toList();
      assertThat(rules).extracting(RBAC::getAction)
          .containsExactly(RBAC.Action.DENY, RBAC.Action.ALLOW, RBAC.Action.LOG);
      assertThat(rules.get(0).getPoliciesMap()).containsOnlyKeys(
          "ns[istio-system]-policy[mesh-deny]-rule[0]");
      assertThat(rules.get(1).getPoliciesMap()).containsOnlyKeys(
          "ns[shop]-policy[allow-web]-rule[0]", "ns[shop]-policy[allow-web]-rule[1]");
      Policy any = rules.get(1).getPoliciesOrThrow("ns[shop]-policy[allow-web]-rule[1]");
      assertThat(any.getPrincipals(0).getAny()).isTrue();
      assertThat(any.getPermissions(0).getAny()).isTrue();
      assertThat(rules.get(2).getPoliciesMap()).containsOnlyKeys("ns[shop]-policy[audit]-rule[0]");
    }
    assertThat(r.problems()).as("only the TCP port leaves fields out")
        .allMatch(p -> p.contains("inbound port 9000 is TCP"));
    GoldenFiles.assertMatches("rbac-http", r);
  }

  @Test
  void allowPolicyWithoutRulesAllowsNothingAndNoAllowPolicyWritesNoAllowFilter()
      throws InvalidProtocolBufferException {
    XdsResources nothing = translate(PolicyFixtures.accepted(authz("shop", "nothing", "  {}")));
    HttpConnectionManager hcm = listener(nothing, 8080).getFilterChains(0).getFilters(0)
        .getTypedConfig().unpack(HttpConnectionManager.class);
    RBAC allow = unpack(hcm.getHttpFilters(0),
        io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class).getRules();
    assertThat(allow.getAction()).isEqualTo(RBAC.Action.ALLOW);
    assertThat(allow.getPoliciesMap()).isEmpty();

    XdsResources denyOnly = translate(PolicyFixtures.accepted(
        authz("shop", "d", "  action: DENY\n  rules: [{}]\n")));
    HttpConnectionManager deny = listener(denyOnly, 8080).getFilterChains(0).getFilters(0)
        .getTypedConfig().unpack(HttpConnectionManager.class);
    assertThat(deny.getHttpFiltersCount()).isEqualTo(2);
    assertThat(unpack(deny.getHttpFilters(0),
        io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class).getRules().getAction())
        .isEqualTo(RBAC.Action.DENY);
  }

  @Test
  void tcpPortDropsHttpOnlyFieldsTheIstioWay() throws InvalidProtocolBufferException {
    XdsResources r = translate(PolicyFixtures.accepted(TCP_POLICIES));

    List<Filter> filters = listener(r, 9000).getFilterChains(0).getFiltersList();
    assertThat(filters).extracting(Filter::getName).containsExactly(
        "envoy.filters.network.rbac", "envoy.filters.network.rbac",
        "envoy.filters.network.tcp_proxy");
    var deny = filters.get(0).getTypedConfig()
        .unpack(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class);
    var allow = filters.get(1).getTypedConfig()
        .unpack(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class);
    assertThat(deny.getStatPrefix()).isEqualTo("tcp.");
    assertThat(deny.getRules().getAction()).isEqualTo(RBAC.Action.DENY);
    assertThat(deny.getRules().getPoliciesOrThrow("ns[shop]-policy[tcp-deny]-rule[0]")
        .getPermissions(0).getAndRules().getRulesList())
        .as("paths left out, ports kept").hasSize(1)
        .allSatisfy(p -> assertThat(p.getOrRules().getRules(0).getDestinationPort())
            .isEqualTo(9000));
    assertThat(allow.getRules().getPoliciesMap())
        .as("rules with methods or request headers match nothing on TCP")
        .containsOnlyKeys("ns[shop]-policy[tcp-allow]-rule[0]");
    assertThat(r.problems()).contains(
        "AuthorizationPolicy shop/tcp-allow: spec.rules[1].to[0].operation.methods: HTTP only,"
            + " inbound port 9000 is TCP: the ALLOW rule matches nothing",
        "AuthorizationPolicy shop/tcp-allow: spec.rules[2].when[0].values: HTTP only, inbound"
            + " port 9000 is TCP: the ALLOW rule matches nothing",
        "AuthorizationPolicy shop/tcp-deny: spec.rules[0].to[0].operation.paths: HTTP only,"
            + " inbound port 9000 is TCP: left out of the DENY rule");
    GoldenFiles.assertMatches("rbac-tcp", r);
  }

  static <T extends com.google.protobuf.Message> T unpack(HttpFilter f, Class<T> type) {
    try {
      return f.getTypedConfig().unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(f.getName(), e);
    }
  }
}
