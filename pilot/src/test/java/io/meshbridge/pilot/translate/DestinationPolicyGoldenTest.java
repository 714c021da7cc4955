package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.port;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Golden test of DestinationRule traffic policies: consistent hash, connection pool, outlier
 * detection, subset and port-level merging, PEAK_EWMA (see {@link GoldenFiles} to regenerate).
 */
class DestinationPolicyGoldenTest {

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        trafficPolicy:
          loadBalancer:
            consistentHash: {httpCookie: {name: session, path: /, ttl: 1h}}
          connectionPool:
            tcp: {maxConnections: 100, connectTimeout: 250ms}
            http: {http1MaxPendingRequests: 10, maxRequestsPerConnection: 50, idleTimeout: 30s}
          outlierDetection:
            consecutive5xxErrors: 3
            interval: 5s
            baseEjectionTime: 30s
            maxEjectionPercent: 50
            minHealthPercent: 30
          portLevelSettings:
          - port: {number: 9090}
            loadBalancer: {simple: LEAST_REQUEST}
            connectionPool: {http: {http2MaxRequests: 500, maxRetries: 2}}
        subsets:
        - name: v1
          labels: {version: v1}
          trafficPolicy:
            loadBalancer: {consistentHash: {httpHeaderName: x-user, maglev: {}}}
            outlierDetection: {consecutiveGatewayErrors: 2, consecutive5xxErrors: 0}
        - name: v2
          labels: {version: v2}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: ratings
        namespace: shop
        annotations: {meshbridge.io/load-balancer: PEAK_EWMA, meshbridge.io/peak-ewma-decay: 5s}
      spec:
        host: ratings
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: ratings, namespace: shop}
      spec:
        hosts: [ratings]
        http:
        - route:
          - {destination: {host: reviews, subset: v1}, weight: 50}
          - {destination: {host: reviews, subset: v2}, weight: 50}
      """;

  @Test
  void clusterFieldsAndHashPolicies() {
    XdsResources r =
        Translator.translate(model(), PolicyFixtures.accepted(POLICY), PolicyFixtures.SIDECAR);

    assertThat(r.problems()).isEmpty();
    Map<String, Cluster> clusters =
        r.clusters().stream().collect(Collectors.toMap(Cluster::getName, Function.identity()));
    assertThat(clusters.get("outbound|8080||reviews.shop.mesh").getLbPolicy())
        .isEqualTo(LbPolicy.RING_HASH);
    assertThat(clusters.get("outbound|9090||reviews.shop.mesh").getLbPolicy())
        .as("the port's loadBalancer replaces the top level's").isEqualTo(LbPolicy.LEAST_REQUEST);
    assertThat(clusters.get("outbound|9090||reviews.shop.mesh").getCircuitBreakers()
        .getThresholds(0).getMaxConnections().getValue() & 0xFFFF_FFFFL)
        .as("the port's connectionPool replaces the top level's as a whole")
        .isEqualTo(0xFFFF_FFFFL);
    assertThat(clusters.get("outbound|8080|v1|reviews.shop.mesh").getLbPolicy())
        .isEqualTo(LbPolicy.MAGLEV);
    assertThat(clusters.get("outbound|8080|v1|reviews.shop.mesh").getConnectTimeout().getNanos())
        .as("the subset inherits the top level's connectionPool").isEqualTo(250_000_000);
    assertThat(clusters.get("outbound|8080|v2|reviews.shop.mesh").getLbPolicy())
        .isEqualTo(LbPolicy.RING_HASH);
    assertThat(clusters.get("outbound|8080||ratings.shop.mesh").hasLoadBalancingPolicy()).isTrue();
    assertThat(clusters.get("outbound|8080||reviews.shop.mesh").getCommonLbConfig()
        .getHealthyPanicThreshold().getValue()).as("minHealthPercent").isEqualTo(30);
    assertThat(clusters.get("outbound|8080|v2|reviews.shop.mesh").getCommonLbConfig()
        .hasHealthyPanicThreshold()).as("v2 has its own outlierDetection: 0, as Istio").isTrue();
    assertThat(clusters.get("outbound|8080||ratings.shop.mesh").hasCommonLbConfig())
        .as("no outlierDetection: Envoy's default panic threshold").isFalse();

    Route ratings = r.routes().get(0).getVirtualHosts(0).getRoutes(0);
    assertThat(ratings.getRoute().getHashPolicy(0).getHeader().getHeaderName())
        .as("the first destination that hashes gives the route's hash policy").isEqualTo("x-user");
    Route reviewsCatchAll = r.routes().get(0).getVirtualHosts(1).getRoutes(0);
    assertThat(reviewsCatchAll.getRoute().getHashPolicy(0).getCookie().getName())
        .isEqualTo("session");
    GoldenFiles.assertMatches("destination-policy", r);
  }

  static MeshModel model() {
    Service reviews =
        service("shop", "reviews", port("http", 8080, Protocol.HTTP),
            port("grpc", 9090, Protocol.GRPC));
    Service ratings = service("shop", "ratings", port("http", 8080, Protocol.HTTP));
    return MeshModel.of(List.of(reviews, ratings), List.of());
  }
}
