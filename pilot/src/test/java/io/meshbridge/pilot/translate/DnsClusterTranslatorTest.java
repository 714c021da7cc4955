package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Resolution;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service that resolves by DNS (a ServiceEntry with {@code resolution: DNS}). */
class DnsClusterTranslatorTest {

  private static final ProxyScope SIDECAR = new ProxyScope(Kind.SIDECAR, "127.0.0.1");

  @Test
  void dnsServiceGetsStrictDnsClusterWithItsHostNamesInlineAndNoEds() {
    Service ext =
        new Service(
            ServiceKey.of("shop", "api-example-com"), List.of("api.example.com"),
            List.of(http(80)), Map.of(), Resolution.DNS);
    Service orders = io.meshbridge.pilot.testing.Models.service("shop", "orders", http(8080));
    MeshModel model =
        MeshModel.of(
            List.of(ext, orders),
            List.of(
                endpoint(ext, "eu.api.example.com", "istio-config"),
                endpoint(ext, "us.api.example.com", "istio-config"),
                endpoint(orders, "10.0.0.1", "files")));

    XdsResources resources = Translator.translate(model, SIDECAR);

    assertThat(resources.problems()).isEmpty();
    assertThat(resources.clusters())
        .extracting(Cluster::getName)
        .containsExactly("outbound|8080||orders.shop.mesh", "outbound|80||api-example-com.shop.mesh");
    Cluster dns = resources.clusters().get(1);
    assertThat(dns.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
    assertThat(dns.hasEdsClusterConfig()).isFalse();
    assertThat(dns.getLoadAssignment().getEndpoints(0).getLbEndpointsList())
        .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress())
        .containsExactly("eu.api.example.com", "us.api.example.com");
    assertThat(resources.clusters().get(0).getType()).isEqualTo(Cluster.DiscoveryType.EDS);
    assertThat(resources.endpoints())
        .extracting(ClusterLoadAssignment::getClusterName)
        .containsExactly("outbound|8080||orders.shop.mesh");
    GoldenFiles.assertMatches("dns-service", resources);
  }
}
