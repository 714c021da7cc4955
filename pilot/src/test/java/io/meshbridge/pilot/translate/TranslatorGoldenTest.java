package io.meshbridge.pilot.translate;

import static io.meshbridge.pilot.testing.Models.EAST;
import static io.meshbridge.pilot.testing.Models.WEST;
import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.port;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the translator: see {@link GoldenFiles} for how to regenerate them with {@code
 * -Dgolden.update=true}.
 */
class TranslatorGoldenTest {

  private static final ProxyScope SIDECAR = new ProxyScope(Kind.SIDECAR, "127.0.0.1");
  private static final ProxyScope PROXYLESS = new ProxyScope(Kind.PROXYLESS, "0.0.0.0");

  @Test
  void oneHttpServiceOnePort() {
    Service orders = service("shop", "orders", http(8080));
    MeshModel model = MeshModel.of(List.of(orders), List.of(endpoint(orders, "10.0.0.1", "files")));

    XdsResources resources = Translator.translate(model, SIDECAR);

    assertThat(resources.problems()).isEmpty();
    GoldenFiles.assertMatches("one-http-service", resources);
  }

  @Test
  void severalServicesPortsLocalitiesAndHealth() {
    XdsResources resources = Translator.translate(mixedModel(), SIDECAR);

    assertThat(resources.listeners()).extracting(l -> l.getName())
        .containsExactly("127.0.0.1_5432", "127.0.0.1_8080", "127.0.0.1_9090");
    assertThat(resources.clusters()).extracting(c -> c.getName())
        .contains("outbound|5432||db.shop.mesh");
    assertThat(resources.problems()).isEmpty();
    assertThat(resources.listeners().get(0).getFilterChains(0).getFilters(0).getName())
        .as("a TCP port is relayed to its cluster").isEqualTo(L4Listeners.TCP_PROXY);
    GoldenFiles.assertMatches("services-ports-localities", resources);
  }

  @Test
  void proxylessScopeGetsApiListeners() {
    XdsResources resources = Translator.translate(mixedModel(), PROXYLESS);

    assertThat(resources.listeners()).allMatch(l -> l.hasApiListener() && !l.hasAddress());
    assertThat(resources.listeners()).extracting(l -> l.getName())
        .contains("orders.shop.mesh:8080", "orders.shop:9090", "www.example.com:8080")
        .noneMatch(name -> name.startsWith("db."));
    GoldenFiles.assertMatches("proxyless", resources);
  }

  @Test
  void domainClaimedTwiceOnOnePortStaysWithTheFirstService() {
    Service a = service("shop", "a", List.of("api.example.com"), http(8080));
    Service b = service("shop", "b", List.of("api.example.com"), http(8080));
    MeshModel model = MeshModel.of(List.of(b, a), List.of());

    XdsResources resources = Translator.translate(model, SIDECAR);

    assertThat(resources.routes().get(0).getVirtualHosts(1).getDomainsList())
        .doesNotContain("api.example.com", "api.example.com:8080");
    assertThat(resources.problems()).singleElement().asString()
        .contains("service shop/b port http (8080, HTTP): domain 'api.example.com'")
        .contains("already claimed by service shop/a");
    GoldenFiles.assertMatches("domain-conflict", resources);
  }

  @Test
  void translationIsDeterministic() {
    MeshModel model = mixedModel();
    assertThat(Translator.translate(model, SIDECAR)).isEqualTo(Translator.translate(model, SIDECAR));
  }

  /** HTTP, GRPC and TCP ports; endpoints in two localities with mixed health and weights. */
  static MeshModel mixedModel() {
    Service orders =
        service("shop", "orders", http(8080), port("grpc", 9090, Protocol.GRPC));
    Service web = service("shop", "web", List.of("www.example.com"), http(8080));
    Service db = service("shop", "db", port("postgres", 5432, Protocol.TCP));
    List<Endpoint> endpoints =
        List.of(
            endpoint(orders, "10.0.1.2", Map.of("http", 18080), HealthStatus.HEALTHY, WEST, 5, "k8s"),
            endpoint(orders, "10.0.0.9", Map.of(), HealthStatus.UNHEALTHY, EAST, 1, "consul"),
            endpoint(orders, "10.0.0.3", Map.of(), HealthStatus.DRAINING, EAST, 2, "consul"),
            endpoint(orders, "10.0.1.1", Map.of("grpc", 19090), HealthStatus.UNKNOWN, WEST, 1, "k8s"),
            endpoint(web, "10.0.2.1", Map.of(), HealthStatus.HEALTHY, EAST, 1, "files"),
            endpoint(db, "10.0.3.1", Map.of(), HealthStatus.HEALTHY, WEST, 1, "files"));
    return MeshModel.of(List.of(orders, web, db), endpoints);
  }
}
