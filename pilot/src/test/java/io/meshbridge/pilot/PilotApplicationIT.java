package io.meshbridge.pilot;

import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.InMemoryRegistry;
import io.meshbridge.pilot.testing.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pilot as a Dropwizard application on loopback: REST shapes, and config errors. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PilotApplicationIT {

  private static final DropwizardAppExtension<PilotConfiguration> APP =
      new DropwizardAppExtension<>(
          PilotApplication.class, ResourceHelpers.resourceFilePath("pilot-app-it.yaml"));

  private static final Service ORDERS = service("shop", "orders", List.of("orders.example.com"), http(8080));

  @BeforeAll
  static void publish() {
    InMemoryRegistry.byId("mem-a")
        .publish(
            List.of(ORDERS),
            List.of(
                endpoint(ORDERS, "10.0.0.1", Map.of("http", 18080), HealthStatus.HEALTHY,
                    Models.EAST, 3, "mem-a")));
    InMemoryRegistry.byId("mem-b")
        .publish(List.of(), List.of(endpoint(service("shop", "ghost", http(80)), "10.9.9.9", "mem-b")));
  }

  private static JsonNode get(String path) {
    return APP.client()
        .target("http://127.0.0.1:" + APP.getLocalPort() + path)
        .request()
        .get(JsonNode.class);
  }

  private static Pilot pilot() {
    return Objects.requireNonNull(((PilotApplication) APP.getApplication()).pilot());
  }

  @Test
  void configListsAcceptedAndRejectedPolicies() {
    JsonNode body = get("/v1/config");

    assertThat(body.get("accepted").isArray()).isTrue();
    assertThat(body.get("rejected").isArray()).isTrue();
    assertThat(body.get("accepted")).isEmpty(); // no policy.directory configured
  }

  @Test
  void autoregisteredListsEntriesCountersAndTheConfiguredGracePeriod() {
    JsonNode body = get("/v1/autoregistered");

    assertThat(body.get("gracePeriod").asText()).isEqualTo("PT3S");
    assertThat(body.get("entries").isArray()).isTrue();
    assertThat(body.get("entries")).isEmpty();
    assertThat(body.get("counters").get("registrations").asLong()).isZero();
    assertThat(body.get("refusals").isObject()).isTrue();
    JsonNode gauges = get("/admin/metrics").get("gauges");
    assertThat(gauges.get("meshbridge.autoregistration.entries").get("value").asLong()).isZero();
    assertThat(gauges.get("meshbridge.autoregistration.refusals").get("value").asLong()).isZero();
  }

  @Test
  void servicesListsTheModelWithEndpointsRegistriesAndProblems() {
    JsonNode body = get("/v1/services");

    JsonNode orders = body.get("services").get(0);
    assertThat(orders.get("namespace").asText()).isEqualTo("shop");
    assertThat(orders.get("name").asText()).isEqualTo("orders");
    assertThat(orders.get("hostname").asText()).isEqualTo("orders.shop.mesh");
    assertThat(orders.get("resolution").asText()).isEqualTo("STATIC");
    assertThat(orders.get("hostnames").get(0).asText()).isEqualTo("orders.example.com");
    assertThat(orders.get("ports").get(0).toString())
        .isEqualTo("{\"name\":\"http\",\"number\":8080,\"protocol\":\"HTTP\"}");
    assertThat(orders.get("labels").isObject()).isTrue();
    JsonNode ep = orders.get("endpoints").get(0);
    assertThat(ep.get("address").asText()).isEqualTo("10.0.0.1");
    assertThat(ep.get("targetPorts").get("http").asInt()).isEqualTo(18080);
    assertThat(ep.get("labels").get("meshbridge.io/registry").asText()).isEqualTo("mem-a");
    assertThat(ep.get("health").asText()).isEqualTo("HEALTHY");
    assertThat(ep.get("locality").toString())
        .isEqualTo("{\"region\":\"us-east\",\"zone\":\"us-east-1a\",\"subZone\":\"\"}");
    assertThat(ep.get("weight").asInt()).isEqualTo(3);
    assertThat(ep.get("registry").asText()).isEqualTo("mem-a");

    assertThat(body.get("registries").get(0).toString())
        .matches(
            "\\{\"id\":\"mem-a\",\"version\":1,\"stale\":false,\"synced\":true,"
                + "\"lastSync\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\",\"services\":1,\"endpoints\":1,"
                + "\"outages\":0,\"problems\":\\[]}");
    assertThat(body.get("conflicts").isArray()).isTrue();
    assertThat(body.get("registries").get(1).get("id").asText()).isEqualTo("mem-b");
    assertThat(body.get("problems").get(0).asText()).contains("service shop/ghost left out");
    assertThat(body.get("translationProblems").isArray()).isTrue();
  }

  @Test
  void registriesListsEachRegistryStatusWithoutTheModel() {
    JsonNode body = get("/v1/registries");

    assertThat(body.fieldNames()).toIterable().containsExactly("registries");
    assertThat(body.get("registries").get(0).toString())
        .matches(
            "\\{\"id\":\"mem-a\",\"version\":1,\"stale\":false,\"synced\":true,"
                + "\"lastSync\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\",\"services\":1,\"endpoints\":1,"
                + "\"outages\":0,\"problems\":\\[]}");
    assertThat(body.get("registries").get(1).get("id").asText()).isEqualTo("mem-b");
    assertThat(body.get("registries").get(0).get("lastSync").asText())
        .isEqualTo(get("/v1/services").get("registries").get(0).get("lastSync").asText());
  }

  @Test
  void proxiesListsConnectedClientsWithAckedVersionsAndNacks() throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", pilot().xdsPort()).usePlaintext().build();
    Node node =
        Node.newBuilder().setId("sidecar~10.0.0.5").setCluster("web").setUserAgentName("envoy").build();
    try (AdsClient client = new AdsClient(channel, node)) {
      client.subscribe(LISTENER_TYPE_URL);
      DiscoveryResponse lds = client.next();
      client.nack(lds, "", "Listener 0.0.0.0_8080: cannot bind");

      await().untilAsserted(
          () -> {
            JsonNode proxy = get("/v1/proxies").get("proxies").get(0);
            assertThat(proxy.get("nodeId").asText()).isEqualTo("sidecar~10.0.0.5");
            assertThat(proxy.get("cluster").asText()).isEqualTo("web");
            assertThat(proxy.get("scope").toString())
                .isEqualTo("{\"kind\":\"SIDECAR\",\"bindAddress\":\"0.0.0.0\"}");
            assertThat(proxy.get("userAgent").asText()).isEqualTo("envoy");
            assertThat(proxy.get("connectedSince").asText()).endsWith("Z");
            assertThat(proxy.get("delta").asBoolean()).isFalse();
            JsonNode type = proxy.get("types").get(LISTENER_TYPE_URL);
            assertThat(type.get("sentVersion").asText()).isEqualTo(lds.getVersionInfo());
            assertThat(type.get("ackedVersion").asText()).isEmpty();
            assertThat(type.get("lastNack").get("version").asText()).isEqualTo(lds.getVersionInfo());
            assertThat(type.get("lastNack").get("message").asText())
                .isEqualTo("Listener 0.0.0.0_8080: cannot bind");
            assertThat(type.get("lastNack").get("at").asText()).endsWith("Z");
          });
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    await().until(() -> get("/v1/proxies").get("proxies").isEmpty());
  }

  @Test
  void configErrorsNameTheField(@TempDir Path dir) throws Exception {
    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(unknown, "debounce:\n  quiet: 10ms\n");
    assertThatThrownBy(() -> new DropwizardTestSupport<>(PilotApplication.class, unknown.toString()).before())
        .hasMessageContaining("Unrecognized field at: debounce.quiet");

    Path duplicate = dir.resolve("duplicate.yaml");
    Files.writeString(
        duplicate, "registries:\n  - {type: memory, id: a}\n  - {type: memory, id: a}\n");
    assertThatThrownBy(() -> new DropwizardTestSupport<>(PilotApplication.class, duplicate.toString()).before())
        .hasMessageContaining("registries[1].id 'a' is already the id of registries[0]");
  }
}
