package io.meshbridge.pilot.policy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.meshbridge.pilot.PilotApplication;
import io.meshbridge.pilot.PilotConfiguration;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pilot as the Dropwizard application with {@code policy.kubernetes} pointing (by kubeconfig) at
 * fabric8's mock API server: {@code GET /v1/config} lists objects with their Kubernetes source.
 */
class PilotKubernetesPolicyIT {

  private static final String ENTRY_AND_ROUTE =
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: shop}
      spec:
        hosts: [api.example.com]
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}]
        endpoints: [{address: 192.0.2.1}]
      """;

  private static final String ROUTE =
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: ext-route, namespace: shop}
      spec:
        hosts: [api.example.com]
        http: [{route: [{destination: {host: api.example.com}}], timeout: 3s}]
      """;

  private static final String OTHER_NAMESPACE =
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: ignored, namespace: billing}
      spec: {hosts: [api.example.com], http: [{route: [{destination: {host: api.example.com}}]}]}
      """;

  @TempDir Path dir;

  private final MockIstioCluster cluster = new MockIstioCluster();
  private final Client http = ClientBuilder.newClient();
  private DropwizardTestSupport<PilotConfiguration> app;

  @AfterEach
  void tearDown() {
    if (app != null) {
      app.after();
    }
    http.close();
    cluster.close();
  }

  private JsonNode config() {
    return http.target("http://127.0.0.1:" + app.getLocalPort() + "/v1/config")
        .request()
        .get(JsonNode.class);
  }

  private static List<String> field(JsonNode list, String name) {
    List<String> values = new ArrayList<>();
    list.forEach(n -> values.add(n.get("kind").asText() + " " + n.get(name).asText()));
    return values;
  }

  /** The VirtualService in namespace billing is not watched, so it is neither accepted nor rejected. */
  @Test
  void configListsKubernetesObjectsOfTheWatchedNamespacesWithTheirSource() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig());
    Path yaml =
        Files.writeString(
            dir.resolve("pilot.yaml"),
            """
            xds: {plaintext: true, bindAddress: 127.0.0.1, port: 0, shutdownGracePeriod: 100ms}
            debounce: {quietPeriod: 10ms, maxDelay: 50ms}
            policy:
              kubernetes: {kubeconfig: %s, namespaces: [shop]}
            server:
              type: simple
              applicationContextPath: /
              adminContextPath: /admin
              connector: {type: http, bindHost: 127.0.0.1, port: 0}
              requestLog: {appenders: []}
            logging: {level: WARN}
            """
                .formatted(kubeconfig));
    cluster.apply(ENTRY_AND_ROUTE);
    cluster.apply(ROUTE);
    cluster.apply(OTHER_NAMESPACE);
    cluster.apply(ROUTE.replace("ext-route", "bad").replace("timeout: 3s", "timeout: soon"));

    app = new DropwizardTestSupport<>(PilotApplication.class, yaml.toString());
    app.before();

    await().untilAsserted(
        () -> assertThat(field(config().get("accepted"), "source"))
            .containsExactlyInAnyOrder(
                "VirtualService kubernetes:shop/ext-route", "ServiceEntry kubernetes:shop/ext"));
    assertThat(config().get("rejected").findValuesAsText("message"))
        .containsExactly(
            "VirtualService shop/bad: spec.http[0].timeout: 'soon' (expected: a"
                + " duration such as 1.5s, 250ms or 1m30s) (kubernetes:shop/bad)");
  }
}
