package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.testing.Models;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden test of what depends on the proxy: locality failover priorities and sourceLabels. */
class ScopedPolicyGoldenTest {

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        trafficPolicy:
          outlierDetection: {consecutive5xxErrors: 5}
          loadBalancer:
            localityLbSetting: {failover: [{from: us-east, to: eu-west}]}
        subsets:
        - name: nofailover
          labels: {}
          trafficPolicy:
            loadBalancer: {simple: RANDOM, localityLbSetting: {enabled: false}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews]
        http:
        - name: from-web
          match: [{sourceLabels: {app: web}}]
          route: [{destination: {host: reviews, subset: nofailover}}]
        - name: default
          route: [{destination: {host: reviews}}]
      """;

  private static final Locality EAST_1A = new Locality("us-east", "us-east-1a", "rack-1");
  private static final Locality EAST_1A_RACK2 = new Locality("us-east", "us-east-1a", "rack-2");
  private static final Locality EAST_1B = new Locality("us-east", "us-east-1b", "");
  private static final Locality WEST = new Locality("eu-west", "eu-west-1a", "");
  private static final Locality SOUTH = new Locality("ap-south", "ap-south-1a", "");

  @Test
  void prioritiesByProxyLocalityAndRoutesBySourceLabels() {
    PolicySet policies = PolicyFixtures.accepted(POLICY);
    assertThat(ScopeNeeds.of(policies)).isEqualTo(new ScopeNeeds(java.util.Set.of("app"), true));
    ProxyScope web = new ProxyScope(Kind.SIDECAR, "127.0.0.1", Map.of("app", "web"), EAST_1A);

    XdsResources r = Translator.translate(model(), policies, web);

    assertThat(r.problems()).isEmpty();
    assertThat(priorities(r, "outbound|8080||reviews.shop.mesh"))
        .containsExactly(Map.entry("ap-south", 4), Map.entry("eu-west", 3),
            Map.entry("us-east/us-east-1a/rack-1", 0), Map.entry("us-east/us-east-1a/rack-2", 1),
            Map.entry("us-east/us-east-1b/", 2));
    assertThat(priorities(r, "outbound|8080|nofailover|reviews.shop.mesh"))
        .as("localityLbSetting.enabled: false turns failover off").allSatisfy((k, v) ->
            assertThat(v).isZero());
    assertThat(routeNames(r)).containsExactly("from-web", "default");
    GoldenFiles.assertMatches("scoped-policy", r);

    ProxyScope other = new ProxyScope(Kind.SIDECAR, "127.0.0.1", Map.of("app", "api"), WEST);
    XdsResources o = Translator.translate(model(), policies, other);
    assertThat(routeNames(o)).containsExactly("default");
    assertThat(priorities(o, "outbound|8080||reviews.shop.mesh"))
        .as("no failover target for eu-west: other regions share the last priority")
        .containsEntry("eu-west", 0).containsEntry("us-east/us-east-1b/", 1)
        .containsEntry("ap-south", 1);
  }

  private static List<String> routeNames(XdsResources r) {
    return r.routes().get(0).getVirtualHosts(0).getRoutesList().stream()
        .map(Route::getName).toList();
  }

  /** Priority by locality; a region alone when zone is not ours to tell apart in the test. */
  private static Map<String, Integer> priorities(XdsResources r, String cluster) {
    ClusterLoadAssignment cla = r.endpoints().stream()
        .filter(e -> e.getClusterName().equals(cluster)).findFirst().orElseThrow();
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (LocalityLbEndpoints l : cla.getEndpointsList()) {
      var loc = l.getLocality();
      String key = loc.getRegion().equals("us-east")
          ? loc.getRegion() + "/" + loc.getZone() + "/" + loc.getSubZone() : loc.getRegion();
      out.put(key, l.getPriority());
    }
    return out;
  }

  static MeshModel model() {
    Service reviews = Models.service("shop", "reviews", Models.http(8080));
    List<Endpoint> endpoints = new java.util.ArrayList<>();
    int i = 1;
    for (Locality l : List.of(EAST_1A, EAST_1A_RACK2, EAST_1B, WEST, SOUTH)) {
      endpoints.add(new Endpoint(reviews.key(), "10.0.0." + i++, Map.of(), Map.of(),
          HealthStatus.HEALTHY, l, 1, "k8s"));
    }
    return MeshModel.of(List.of(reviews), endpoints);
  }
}
