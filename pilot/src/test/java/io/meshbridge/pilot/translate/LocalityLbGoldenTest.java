package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.testing.Models;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden test of {@code localityLbSetting.distribute} (locality weights per proxy locality, {@code
 * locality_weighted_lb_config}) and {@code failoverPriority} (label priorities, alone and refined
 * by region failover), with Istio's numbers worked out by hand in the assertions.
 */
class LocalityLbGoldenTest {

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        trafficPolicy:
          loadBalancer:
            localityLbSetting:
              distribute:
              - from: us-east/*
                to: {us-east/us-east-1a: 70, eu-west/*: 30}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: ratings, namespace: shop}
      spec:
        host: ratings
        trafficPolicy:
          outlierDetection: {consecutive5xxErrors: 5}
          loadBalancer:
            localityLbSetting: {failoverPriority: [topology.kubernetes.io/region, version]}
        subsets:
        - name: combined
          labels: {}
          trafficPolicy:
            loadBalancer:
              localityLbSetting:
                failoverPriority: [version]
                failover: [{from: us-east, to: eu-west}]
      """;

  private static final Locality EAST_1A = new Locality("us-east", "us-east-1a", "");
  private static final Locality EAST_1B = new Locality("us-east", "us-east-1b", "");
  private static final Locality WEST = new Locality("eu-west", "eu-west-1a", "");

  @Test
  void distributeWeighsLocalitiesAndFailoverPriorityOrdersByLabels() {
    PolicySet policies = PolicyFixtures.accepted(POLICY);
    assertThat(ScopeNeeds.of(policies))
        .isEqualTo(new ScopeNeeds(Set.of("topology.kubernetes.io/region", "version"), true));
    ProxyScope east =
        new ProxyScope(Kind.SIDECAR, "127.0.0.1", Map.of("version", "v1"), EAST_1A);

    XdsResources r = Translator.translate(model(), policies, east);

    assertThat(r.problems()).isEmpty();
    assertThat(cluster(r, "outbound|8080||reviews.shop.mesh").getCommonLbConfig()
        .hasLocalityWeightedLbConfig()).isTrue();
    assertThat(cluster(r, "outbound|8080||ratings.shop.mesh").getCommonLbConfig()
        .hasLocalityWeightedLbConfig()).isFalse();
    // us-east-1a (own weight 2) gets 70; eu-west (4) gets 30; us-east-1b matches no "to": emptied.
    assertThat(localities(r, "outbound|8080||reviews.shop.mesh")).containsExactly(
        "eu-west/eu-west-1a p0 w30 [10.0.0.4, 10.0.0.5]",
        "us-east/us-east-1a p0 w70 [10.0.0.1, 10.0.0.2]",
        "us-east/us-east-1b p0 w1 []");
    // region and version agree: 0; region only: 1; neither: 2.
    assertThat(localities(r, "outbound|8080||ratings.shop.mesh")).containsExactly(
        "eu-west/eu-west-1a p2 w4 [10.0.0.4, 10.0.0.5]",
        "us-east/us-east-1a p0 w1 [10.0.0.1]",
        "us-east/us-east-1a p1 w1 [10.0.0.2]",
        "us-east/us-east-1b p0 w1 [10.0.0.3]");
    // version first (x5), then region failover: 0 same zone, 2 same region, 3 eu-west.
    assertThat(localities(r, "outbound|8080|combined|ratings.shop.mesh")).containsExactly(
        "eu-west/eu-west-1a p2 w4 [10.0.0.4, 10.0.0.5]",
        "us-east/us-east-1a p0 w1 [10.0.0.1]",
        "us-east/us-east-1a p3 w1 [10.0.0.2]",
        "us-east/us-east-1b p1 w1 [10.0.0.3]");
    GoldenFiles.assertMatches("locality-lb", r);

    ProxyScope west = new ProxyScope(Kind.SIDECAR, "127.0.0.1", Map.of(), WEST);
    XdsResources w = Translator.translate(model(), policies, west);
    assertThat(localities(w, "outbound|8080||reviews.shop.mesh"))
        .as("no distribute entry is from eu-west: weights stay the endpoints' sums")
        .containsExactly(
            "eu-west/eu-west-1a p0 w4 [10.0.0.4, 10.0.0.5]",
            "us-east/us-east-1a p0 w2 [10.0.0.1, 10.0.0.2]",
            "us-east/us-east-1b p0 w1 [10.0.0.3]");
  }

  private static Cluster cluster(XdsResources r, String name) {
    return r.clusters().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  /** Each LocalityLbEndpoints as "region/zone pP wW [addresses]", sorted. */
  private static List<String> localities(XdsResources r, String cluster) {
    ClusterLoadAssignment cla = r.endpoints().stream()
        .filter(e -> e.getClusterName().equals(cluster)).findFirst().orElseThrow();
    List<String> out = new ArrayList<>();
    for (LocalityLbEndpoints l : cla.getEndpointsList()) {
      out.add(l.getLocality().getRegion() + "/" + l.getLocality().getZone() + " p"
          + l.getPriority() + " w" + l.getLoadBalancingWeight().getValue() + " "
          + l.getLbEndpointsList().stream()
              .map(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress()).toList());
    }
    out.sort(null);
    return out;
  }

  private static MeshModel model() {
    List<Service> services = List.of(
        Models.service("shop", "reviews", Models.http(8080)),
        Models.service("shop", "ratings", Models.http(8080)));
    List<Endpoint> endpoints = new ArrayList<>();
    for (Service s : services) {
      endpoints.add(endpoint(s, "10.0.0.1", EAST_1A, "v1", 1));
      endpoints.add(endpoint(s, "10.0.0.2", EAST_1A, "v2", 1));
      endpoints.add(endpoint(s, "10.0.0.3", EAST_1B, "v1", 1));
      endpoints.add(endpoint(s, "10.0.0.4", WEST, "v1", 1));
      endpoints.add(endpoint(s, "10.0.0.5", WEST, "v1", 3));
    }
    return MeshModel.of(services, endpoints);
  }

  private static Endpoint endpoint(
      Service s, String address, Locality locality, String version, int weight) {
    return new Endpoint(s.key(), address, Map.of(), Map.of("version", version),
        HealthStatus.HEALTHY, locality, weight, "k8s");
  }
}
