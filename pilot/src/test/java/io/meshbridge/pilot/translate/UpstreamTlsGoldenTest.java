package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.port;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import java.util.List;
import io.meshbridge.pilot.policy.PolicySet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Auto mTLS by endpoint label, and every DestinationRule tls mode as a transport socket. */
class UpstreamTlsGoldenTest {

  static final Service ORDERS = service("shop", "orders", http(8080));
  static final Service REVIEWS =
      service("shop", "reviews", http(8080), port("grpc", 9090, Protocol.GRPC));
  static final Service API = service("ext", "api", List.of("api.example.com"), http(443));

  static Endpoint endpoint(Service s, String address, Map<String, String> labels) {
    return new Endpoint(s.key(), address, Map.of(), labels, HealthStatus.HEALTHY,
        Locality.UNKNOWN, 1, "k8s");
  }

  static final MeshModel MODEL = MeshModel.of(List.of(ORDERS, REVIEWS, API), List.of(
      endpoint(ORDERS, "10.0.0.1", Map.of("version", "v1", "security.istio.io/tlsMode", "istio")),
      endpoint(ORDERS, "10.0.0.2", Map.of("version", "v2")),
      endpoint(REVIEWS, "10.0.1.1", Map.of("v", "legacy", "security.istio.io/tlsMode", "istio")),
      endpoint(REVIEWS, "10.0.1.2", Map.of("v", "plain", "security.istio.io/tlsMode", "istio")),
      endpoint(API, "192.0.2.10", Map.of())));

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: orders, namespace: shop}
      spec:
        host: orders
        subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        trafficPolicy:
          tls: {mode: ISTIO_MUTUAL}
          portLevelSettings:
          - port: {number: 8080}
            tls: {mode: SIMPLE, caCertificates: /etc/certs/ca.pem, sni: reviews.internal,
                  subjectAltNames: [reviews.internal, reviews.shop]}
        subsets:
        - name: legacy
          labels: {v: legacy}
          trafficPolicy:
            tls: {mode: MUTUAL, clientCertificate: /etc/certs/client.pem,
                  privateKey: /etc/certs/client-key.pem, insecureSkipVerify: true}
        - {name: plain, labels: {v: plain}, trafficPolicy: {tls: {mode: DISABLE}}}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: api, namespace: ext}
      spec:
        host: api.example.com
        trafficPolicy: {tls: {mode: SIMPLE}}
      """;

  @Test
  void withoutACaNoAutoMtls() {
    XdsResources r = Translator.translate(MODEL, PolicySet.EMPTY, PolicyFixtures.SIDECAR,
        io.meshbridge.pilot.translate.security.SecuritySettings.DEFAULT.withMeshTls(false));

    assertThat(r.clusters()).allMatch(c -> c.getTransportSocketMatchesCount() == 0
        && !c.hasTransportSocket(), "no transport socket or matches");
  }

  @Test
  void autoMtlsAndDestinationRuleModes() throws InvalidProtocolBufferException {
    XdsResources r = Translator.translate(MODEL, PolicyFixtures.accepted(POLICY),
        PolicyFixtures.SIDECAR);
    Map<String, Cluster> clusters =
        r.clusters().stream().collect(Collectors.toMap(Cluster::getName, Function.identity()));

    Cluster orders = clusters.get("outbound|8080||orders.shop.mesh");
    assertThat(orders.getTransportSocketMatchesList()).extracting(m -> m.getName())
        .containsExactly("tlsMode-istio", "tlsMode-disabled");
    assertThat(orders.getTransportSocketMatches(0).getTransportSocket().getTypedConfig()
        .unpack(UpstreamTlsContext.class).getSni())
        .isEqualTo("outbound_.8080_._.orders.shop.mesh");
    assertThat(clusters.get("outbound|8080|v1|orders.shop.mesh").getTransportSocketMatchesCount())
        .isEqualTo(2);
    assertThat(clusters.get("outbound|8080|v2|orders.shop.mesh").getTransportSocketMatchesCount())
        .as("no endpoint of subset v2 is in the mesh").isZero();
    ClusterLoadAssignment cla = r.endpoints().stream()
        .filter(e -> e.getClusterName().equals("outbound|8080||orders.shop.mesh")).findFirst()
        .orElseThrow();
    List<LbEndpoint> lb = cla.getEndpoints(0).getLbEndpointsList();
    assertThat(lb.get(0).getMetadata().getFilterMetadataOrThrow("envoy.transport_socket_match")
        .getFieldsOrThrow("tlsMode").getStringValue()).isEqualTo("istio");
    assertThat(lb.get(1).getMetadata().containsFilterMetadata("envoy.transport_socket_match"))
        .isFalse();

    UpstreamTlsContext grpc = clusters.get("outbound|9090||reviews.shop.mesh")
        .getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    assertThat(grpc.getSni()).isEqualTo("outbound_.9090_._.reviews.shop.mesh");
    assertThat(grpc.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2");
    UpstreamTlsContext simple = clusters.get("outbound|8080||reviews.shop.mesh")
        .getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    assertThat(simple.getSni()).isEqualTo("reviews.internal");
    assertThat(simple.getCommonTlsContext().getValidationContext().getTrustedCa().getFilename())
        .isEqualTo("/etc/certs/ca.pem");
    UpstreamTlsContext mutual = clusters.get("outbound|8080|legacy|reviews.shop.mesh")
        .getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    assertThat(mutual.getCommonTlsContext().hasValidationContext()).isFalse();
    assertThat(mutual.getCommonTlsContext().getTlsCertificates(0).getPrivateKey().getFilename())
        .isEqualTo("/etc/certs/client-key.pem");
    Cluster plain = clusters.get("outbound|9090|plain|reviews.shop.mesh");
    assertThat(plain.hasTransportSocket()).isFalse();
    assertThat(plain.getTransportSocketMatchesCount()).as("DISABLE also turns auto mTLS off")
        .isZero();
    UpstreamTlsContext api = clusters.get("outbound|443||api.ext.mesh")
        .getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    assertThat(api.getSni()).isEqualTo("api.example.com");
    assertThat(api.getCommonTlsContext().getValidationContext().hasSystemRootCerts()).isTrue();
    GoldenFiles.assertMatches("upstream-tls", r);
  }

  @Test
  void trustDomainComesFromTheSettings() throws InvalidProtocolBufferException {
    XdsResources r = Translator.translate(MODEL, io.meshbridge.pilot.policy.PolicySet.EMPTY,
        PolicyFixtures.SIDECAR,
        new io.meshbridge.pilot.translate.security.SecuritySettings("example.org", "mesh"));
    Cluster orders = r.clusters().stream()
        .filter(c -> c.getName().equals("outbound|8080||orders.shop.mesh")).findFirst()
        .orElseThrow();
    assertThat(orders.getTransportSocketMatches(0).getTransportSocket().getTypedConfig()
        .unpack(UpstreamTlsContext.class).getCommonTlsContext().getCombinedValidationContext()
        .getDefaultValidationContext().getMatchTypedSubjectAltNames(0).getMatcher().getPrefix())
        .isEqualTo("spiffe://example.org/");
  }
}
