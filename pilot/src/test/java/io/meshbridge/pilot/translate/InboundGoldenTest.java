package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.translate.SecurityFixtures.EMPTY;
import static io.meshbridge.pilot.translate.SecurityFixtures.SCOPE;
import static io.meshbridge.pilot.translate.SecurityFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.pilot.policy.PeerAuthentication.Mode;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import io.meshbridge.pilot.translate.security.WorkloadPolicies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inbound clusters and listeners, and the filter chains of each PeerAuthentication mode. */
class InboundGoldenTest {

  static XdsResources translate(PolicySet policies) {
    return Translator.translate(EMPTY, policies, SCOPE, SecuritySettings.DEFAULT);
  }

  static List<String> transportProtocols(Listener l) {
    return l.getFilterChainsList().stream()
        .map(c -> c.getFilterChainMatch().getTransportProtocol() + (c.hasTransportSocket()
            ? "+" + c.getTransportSocket().getName() : ""))
        .toList();
  }

  @Test
  void noPolicyIsPermissive() {
    XdsResources r = translate(PolicySet.EMPTY);

    assertThat(r.clusters()).extracting(c -> c.getName())
        .containsExactly("inbound|8080||", "inbound|9000||", "inbound|9090||");
    assertThat(r.listeners()).extracting(Listener::getName)
        .containsExactly("inbound_0.0.0.0_8080", "inbound_0.0.0.0_9000", "inbound_0.0.0.0_9090");
    for (Listener l : r.listeners()) {
      assertThat(transportProtocols(l))
          .containsExactly("tls+envoy.transport_sockets.tls", "raw_buffer");
      assertThat(l.getListenerFilters(0).getName()).isEqualTo(L4Listeners.TLS_INSPECTOR);
    }
    assertThat(r.problems()).isEmpty();
    GoldenFiles.assertMatches("inbound-permissive", r);
  }

  @Test
  void withoutACaPermissiveIsPlaintextAndStrictStillRefusesWithAProblem() {
    SecuritySettings noCa = SecuritySettings.DEFAULT.withMeshTls(false);

    XdsResources permissive = Translator.translate(EMPTY, PolicySet.EMPTY, SCOPE, noCa);
    for (Listener l : permissive.listeners()) {
      assertThat(transportProtocols(l)).as(l.getName()).containsExactly("");
      assertThat(l.getListenerFiltersList()).isEmpty();
    }
    assertThat(permissive.problems()).isEmpty();

    XdsResources strict = Translator.translate(EMPTY, PolicyFixtures.accepted(
        peer("istio-system", "default", "{mtls: {mode: STRICT}}")), SCOPE, noCa);
    for (Listener l : strict.listeners()) {
      assertThat(transportProtocols(l)).containsExactly("tls+envoy.transport_sockets.tls");
    }
    assertThat(strict.problems()).hasSize(3)
        .allMatch(p -> p.contains("PeerAuthentication STRICT, but pilot has no CA"));
  }

  @Test
  void revokedIdentitiesAreDeniedFirstOnEveryChain() throws Exception {
    String revoked = "spiffe://cluster.local/ns/shop/sa/stolen";
    XdsResources r = Translator.translate(EMPTY, PolicySet.EMPTY, SCOPE,
        SecuritySettings.DEFAULT.withRevoked(java.util.Set.of(revoked)));

    for (Listener l : r.listeners()) {
      for (FilterChain chain : l.getFilterChainsList()) {
        var first = chain.getFilters(0);
        io.envoyproxy.envoy.config.rbac.v3.RBAC rules;
        if (first.getName().equals(InboundFilters.NETWORK_RBAC)) {
          rules = first.getTypedConfig()
              .unpack(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class).getRules();
        } else {
          var hcm = first.getTypedConfig().unpack(io.envoyproxy.envoy.extensions.filters.network
              .http_connection_manager.v3.HttpConnectionManager.class);
          assertThat(hcm.getHttpFilters(0).getName()).isEqualTo(InboundFilters.HTTP_RBAC);
          rules = hcm.getHttpFilters(0).getTypedConfig()
              .unpack(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class).getRules();
        }
        assertThat(rules.getAction()).isEqualTo(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.DENY);
        assertThat(rules.getPoliciesMap().get(RevokedIdentities.POLICY).getPrincipals(0)
            .getOrIds().getIds(0).getAuthenticated().getPrincipalName().getExact())
            .as(l.getName()).isEqualTo(revoked);
      }
    }
    assertThat(translate(PolicySet.EMPTY).listeners().get(0).getFilterChains(0).toString())
        .as("nothing revoked, no deny").doesNotContain(RevokedIdentities.POLICY);
  }

  @Test
  void meshStrictMakesEveryPortStrict() {
    XdsResources r = translate(PolicyFixtures.accepted(
        peer("istio-system", "default", "{mtls: {mode: STRICT}}")));

    for (Listener l : r.listeners()) {
      assertThat(transportProtocols(l)).containsExactly("tls+envoy.transport_sockets.tls");
    }
    GoldenFiles.assertMatches("inbound-strict", r);
  }

  @Test
  void workloadOverNamespaceOverMeshAndPortLevelByTargetPort() {
    XdsResources r = translate(PolicyFixtures.accepted(
        peer("istio-system", "default", "{mtls: {mode: STRICT}}")
            + peer("shop", "default", "{mtls: {mode: PERMISSIVE}}")
            + peer("shop", "orders", "{selector: {matchLabels: {app: orders}},"
                + " mtls: {mode: DISABLE}, portLevelMtls: {'18080': {mode: STRICT},"
                + " '19090': {mode: UNSET}}}")));

    Map<String, Listener> byName = new java.util.HashMap<>();
    r.listeners().forEach(l -> byName.put(l.getName(), l));
    assertThat(transportProtocols(byName.get("inbound_0.0.0.0_8080")))
        .containsExactly("tls+envoy.transport_sockets.tls");
    Listener disabled = byName.get("inbound_0.0.0.0_9000");
    assertThat(transportProtocols(disabled)).containsExactly("");
    assertThat(disabled.getListenerFiltersList()).isEmpty();
    assertThat(transportProtocols(byName.get("inbound_0.0.0.0_9090")))
        .as("UNSET on the port inherits the workload's DISABLE").containsExactly("");
    GoldenFiles.assertMatches("inbound-modes", r);
  }

  @Test
  void precedenceAndInheritance() {
    PolicySet set = PolicyFixtures.accepted(
        peer("istio-system", "default", "{mtls: {mode: STRICT}}")
            + peer("istio-system", "sel", "{selector: {matchLabels: {app: orders}},"
                + " mtls: {mode: DISABLE}}")
            + peer("shop", "default", "{mtls: {mode: UNSET}}")
            + peer("other", "default", "{mtls: {mode: DISABLE}}")
            + peer("shop", "web", "{selector: {matchLabels: {app: web}}, mtls: {mode: DISABLE}}"));
    var all = set.peerAuthentications();
    Map<String, String> orders = Map.of("app", "orders");

    assertThat(WorkloadPolicies.mtlsMode(all, "shop", orders, "istio-system", 1))
        .as("namespace UNSET inherits the mesh; a root-namespace selector is for its own"
            + " workloads; other namespaces and selectors do not apply")
        .isEqualTo(Mode.STRICT);
    assertThat(WorkloadPolicies.mtlsMode(all, "shop", Map.of("app", "web"), "istio-system", 1))
        .isEqualTo(Mode.DISABLE);
    assertThat(WorkloadPolicies.mtlsMode(all, "shop", orders, "mesh-root", 1))
        .as("another root namespace: nothing applies").isEqualTo(Mode.PERMISSIVE);
  }

  @Test
  void inboundPortTakenByAnOutboundListenerIsLeftOutAndReported() {
    var model = io.meshbridge.model.MeshModel.of(List.of(io.meshbridge.pilot.testing.Models
        .service("shop", "web", io.meshbridge.pilot.testing.Models.http(8080))), List.of());
    XdsResources r = Translator.translate(model, PolicySet.EMPTY, SCOPE, SecuritySettings.DEFAULT);

    assertThat(r.listeners()).extracting(Listener::getName)
        .containsExactly("127.0.0.1_8080", "inbound_0.0.0.0_9000", "inbound_0.0.0.0_9090");
    assertThat(r.problems()).containsExactly(
        "inbound 0.0.0.0:8080 (http): left out, listener 127.0.0.1_8080 takes the port");
  }

  @Test
  void noWorkloadOrProxylessNoInbound() {
    assertThat(Translator.translate(EMPTY, PolicySet.EMPTY, PolicyFixtures.SIDECAR).listeners())
        .isEmpty();
    ProxyScope proxyless = new ProxyScope(ProxyScope.Kind.PROXYLESS, "0.0.0.0", Map.of(),
        io.meshbridge.model.Locality.UNKNOWN, SecurityFixtures.ORDERS);
    assertThat(Translator.translate(EMPTY, PolicySet.EMPTY, proxyless).clusters()).isEmpty();
  }

  static FilterChain chain(Listener l, int i) {
    return l.getFilterChains(i);
  }
}
