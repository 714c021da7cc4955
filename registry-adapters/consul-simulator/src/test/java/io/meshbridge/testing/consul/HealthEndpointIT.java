package io.meshbridge.testing.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.testing.consul.Http.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/health/service}: Consul's entry shape, the passing filter, datacenters, outages. */
class HealthEndpointIT {

  private ConsulSimulator consul = ConsulSimulator.builder().datacenters("dc1", "dc2").start();
  private final Http http = new Http(consul);

  @AfterEach
  void stop() {
    consul.close();
  }

  @Test
  void entriesHaveConsulsShape() {
    consul.register(
        "dc1",
        ServiceInstance.of("web-1", "web", "10.0.0.1", 8080)
            .withTags("v1", "env=prod")
            .withMeta(Map.of("protocol", "http"))
            .withNode("vm-1", "10.0.0.100")
            .withWeight(5),
        CheckStatus.PASSING);

    JsonNode entry = http.get("/v1/health/service/web").json().get(0);

    assertThat(entry.get("Node").get("Node").asText()).isEqualTo("vm-1");
    assertThat(entry.get("Node").get("Address").asText()).isEqualTo("10.0.0.100");
    assertThat(entry.get("Node").get("Datacenter").asText()).isEqualTo("dc1");
    JsonNode service = entry.get("Service");
    assertThat(service.get("ID").asText()).isEqualTo("web-1");
    assertThat(service.get("Service").asText()).isEqualTo("web");
    assertThat(service.get("Tags")).extracting(JsonNode::asText).containsExactly("v1", "env=prod");
    assertThat(service.get("Address").asText()).isEqualTo("10.0.0.1");
    assertThat(service.get("Port").asInt()).isEqualTo(8080);
    assertThat(service.get("Meta").get("protocol").asText()).isEqualTo("http");
    assertThat(service.get("Weights").get("Passing").asInt()).isEqualTo(5);
    assertThat(entry.get("Checks"))
        .extracting(c -> c.get("CheckID").asText())
        .containsExactly("serfHealth", "service:web-1");
    JsonNode check = entry.get("Checks").get(1);
    assertThat(check.get("Status").asText()).isEqualTo("passing");
    assertThat(check.get("ServiceID").asText()).isEqualTo("web-1");
    assertThat(check.get("ServiceName").asText()).isEqualTo("web");
    assertThat(check.get("Node").asText()).isEqualTo("vm-1");
  }

  @Test
  void passingKeepsOnlyEntriesWhoseChecksAllPass() {
    consul.register("dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 80), CheckStatus.PASSING);
    consul.register("dc1", ServiceInstance.of("web-2", "web", "10.0.0.2", 80), CheckStatus.WARNING);
    consul.register("dc1", ServiceInstance.of("web-3", "web", "10.0.0.3", 80), CheckStatus.PASSING);
    consul.setNodeHealth("dc1", "node-web-3", CheckStatus.CRITICAL);

    assertThat(ids(http.get("/v1/health/service/web"))).containsExactly("web-1", "web-2", "web-3");
    assertThat(ids(http.get("/v1/health/service/web?passing"))).containsExactly("web-1");
    assertThat(ids(http.get("/v1/health/service/web?passing=true"))).containsExactly("web-1");
    assertThat(ids(http.get("/v1/health/service/web?passing=false"))).hasSize(3);

    consul.setCheckStatus("dc1", "service:web-2", CheckStatus.PASSING);
    assertThat(ids(http.get("/v1/health/service/web?passing"))).containsExactly("web-1", "web-2");
  }

  @Test
  void datacentersAreSeparateCatalogs() {
    consul.register("dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 80));
    consul.register("dc2", ServiceInstance.of("web-2", "web", "10.1.0.1", 80));

    assertThat(ids(http.get("/v1/health/service/web"))).containsExactly("web-1");
    assertThat(ids(http.get("/v1/health/service/web?dc=dc2"))).containsExactly("web-2");
    assertThat(
            http.get("/v1/health/service/web?dc=dc2")
                .json()
                .get(0)
                .get("Node")
                .get("Datacenter")
                .asText())
        .isEqualTo("dc2");
  }

  @Test
  void injectedEntriesAppearVerbatim() {
    consul.register("dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 80));
    consul.injectEntry(
        "dc1",
        "web",
        """
        {"Node": {"Node": "x", "Address": "::zz"}, "Service": {"ID": "bad"}, "Checks": []}""");

    JsonNode all = http.get("/v1/health/service/web").json();
    assertThat(all).hasSize(2);
    assertThat(all.get(1).get("Service").has("Port")).isFalse();
    assertThatThrownBy(() -> consul.injectEntry("dc1", "web", "{nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stopDropsConnectionsAndRestartServesTheSameDataOnTheSamePort() {
    consul.register("dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 80));
    int port = consul.port();

    consul.stop();
    assertThat(http.getAsync("/v1/health/service/web", null))
        .failsWithin(java.time.Duration.ofSeconds(10));

    consul.restart();
    assertThat(consul.port()).isEqualTo(port);
    assertThat(ids(http.get("/v1/health/service/web"))).containsExactly("web-1");
  }

  private static java.util.List<String> ids(Response r) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    r.json().forEach(e -> ids.add(e.get("Service").get("ID").asText()));
    return ids;
  }
}
