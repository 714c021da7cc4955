package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.registry.file.FileRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's health gates the proxy's inbound side: while the health check fails, a request to the
 * inbound listener is answered 503 "no healthy upstream" (flag UH) without reaching the app, and
 * the proxy's {@code /ready} answers 503; once it passes again, 200 from the app.
 */
class InboundHealthGateIT {

  @TempDir Path dir;
  private final TestApp app = new TestApp("orders");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anUnhealthyAppGets503UhOnTheInboundListenerAndReady503() throws Exception {
    int xdsPort = Configs.freePort();
    Path registry = Files.createDirectories(dir.resolve("registry"));
    AgentConfig config = Configs.parse(Configs.yaml(dir.resolve("state"), xdsPort, app, null));
    int inbound = config.service().ports().get(0).port();
    try (Pilot pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
            List.of(new FileRegistry("files", registry)));
        Agent agent = Agent.start(config, Map.of(), Clock.systemUTC())) {
      pilot.start();
      await().atMost(Duration.ofSeconds(60)).until(agent::ready);
      int admin = agent.proxy().adminPort();
      await("the app through the inbound listener")
          .until(() -> get(inbound, "/").body().equals("orders"));
      assertThat(get(admin, "/ready").statusCode()).isEqualTo(200);

      app.healthy(false);
      await("503 UH while the app is unhealthy").untilAsserted(() -> {
        HttpResponse<String> response = get(inbound, "/");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("no healthy upstream for cluster 'inbound|");
      });
      assertThat(get(admin, "/ready").statusCode()).isEqualTo(503);
      assertThat(agent.ready()).as("the config is still held").isTrue();

      app.healthy(true);
      await("200 once healthy again").until(() -> get(inbound, "/").statusCode() == 200);
      assertThat(get(admin, "/ready").statusCode()).isEqualTo(200);
    } finally {
      app.close();
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Host", "orders.default.mesh").timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
