package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests of VirtualService and DestinationRule translation (see {@link GoldenFiles}). */
class PolicyTranslatorGoldenTest {

  private static final ProxyScope SIDECAR = new ProxyScope(Kind.SIDECAR, "127.0.0.1");

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
        - {name: consul, labels: {meshbridge.io/registry: consul}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews.shop.svc.cluster.local]
        http:
        - name: jason
          match:
          - headers: {end-user: {exact: jason}}
            uri: {prefix: /api}
          - uri: {regex: '/v[0-9]+/reviews'}
            method: {exact: POST}
            authority: {prefix: reviews}
          route:
          - destination: {host: reviews, subset: v2}
          timeout: 1.5s
          retries: {attempts: 3, perTryTimeout: 250ms, retryOn: "5xx,503,reset"}
        - name: ratings-page
          match: [{uri: {exact: /ratings}, port: 8080}, {uri: {exact: /other-port}, port: 9999}]
          route: [{destination: {host: ratings}}]
          retries: {attempts: 2}
        - name: split
          route:
          - destination: {host: reviews, subset: v1}
            weight: 90
          - destination: {host: reviews, subset: consul}
            weight: 10
      """;

  @Test
  void subsetsLoadBalancerAndRoutes() {
    PolicyParser.Result parsed = PolicyParser.parse("policy.yaml", POLICY);
    PolicySet policies = PolicySet.of(parsed.resources(), parsed.rejections());
    assertThat(policies.rejections()).isEmpty();

    XdsResources r = Translator.translate(model(), policies, SIDECAR);

    assertThat(r.problems()).isEmpty();
    assertThat(r.clusters()).extracting(Cluster::getName).containsExactly(
        "outbound|8080|consul|reviews.shop.mesh",
        "outbound|8080|v1|reviews.shop.mesh",
        "outbound|8080|v2|reviews.shop.mesh",
        "outbound|8080||ratings.shop.mesh",
        "outbound|8080||reviews.shop.mesh");
    assertThat(r.clusters()).filteredOn(c -> c.getName().contains("reviews"))
        .allMatch(c -> c.getLbPolicy() == LbPolicy.LEAST_REQUEST);
    assertThat(r.endpoints()).filteredOn(e -> e.getClusterName().contains("|v1|"))
        .singleElement()
        .satisfies(e -> assertThat(e.getEndpoints(0).getLbEndpointsList()).hasSize(1));
    List<Route> routes = r.routes().get(0).getVirtualHostsList().stream()
        .filter(v -> v.getName().startsWith("reviews")).findFirst().orElseThrow().getRoutesList();
    assertThat(routes).extracting(Route::getName)
        .containsExactly("jason", "jason", "ratings-page", "split");
    GoldenFiles.assertMatches("traffic-policy", r);
  }

  @Test
  void noPolicyIsTheSameAsBefore() {
    MeshModel model = model();
    assertThat(Translator.translate(model, PolicySet.EMPTY, SIDECAR))
        .isEqualTo(Translator.translate(model, SIDECAR));
  }

  @Test
  void resourcesForUnknownHostsAreLeftOut() {
    PolicyParser.Result parsed = PolicyParser.parse("policy.yaml", POLICY);
    PolicySet policies = PolicySet.of(parsed.resources(), parsed.rejections());
    Service other = service("shop", "other", http(8080));
    MeshModel model = MeshModel.of(List.of(other), List.of());

    assertThat(Translator.translate(model, policies, SIDECAR))
        .isEqualTo(Translator.translate(model, SIDECAR));
  }

  @Test
  void destinationWithoutAPortOnAMultiPortServiceIsReported() {
    String yaml =
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web, namespace: shop}
        spec:
          hosts: [web]
          http: [{route: [{destination: {host: multi}}]}]
        """;
    PolicyParser.Result parsed = PolicyParser.parse("p.yaml", yaml);
    Service web = service("shop", "web", http(8080));
    Service multi = service("shop", "multi", http(81), io.meshbridge.pilot.testing.Models.port(
        "admin", 82, io.meshbridge.model.Protocol.HTTP));
    MeshModel model = MeshModel.of(List.of(web, multi), List.of());

    XdsResources r =
        Translator.translate(model, PolicySet.of(parsed.resources(), List.of()), SIDECAR);

    assertThat(r.problems()).singleElement().asString()
        .isEqualTo("VirtualService shop/web: spec.http[0].route[0].destination.port: service"
            + " shop/multi has no port 8080 and several others (expected: port.number)");
  }

  static MeshModel model() {
    Service reviews = service("shop", "reviews", http(8080));
    Service ratings = service("shop", "ratings", http(8080));
    return MeshModel.of(
        List.of(reviews, ratings),
        List.of(
            endpoint(reviews, "10.0.0.1", "v1", "k8s"),
            endpoint(reviews, "10.0.0.2", "v2", "k8s"),
            endpoint(reviews, "10.0.0.3", "v2", "consul"),
            endpoint(ratings, "10.0.1.1", "v1", "k8s")));
  }

  private static Endpoint endpoint(Service s, String address, String version, String registry) {
    return new Endpoint(
        s.key(),
        address,
        Map.of(),
        Map.of("version", version, Endpoint.REGISTRY_LABEL, registry),
        HealthStatus.HEALTHY,
        Locality.UNKNOWN,
        1,
        registry);
  }
}
