package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.eureka.testing.EurekaServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent registering into a real Eureka server (Spring Cloud Netflix, forked JVM). */
class EurekaRegistrationIT {

  @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();

  @TempDir Path state;
  private final TestApp app = new TestApp("orders");
  private final HttpClient http = HttpClient.newHttpClient();
  private Agent agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    app.close();
  }

  /** The instance's status as Eureka serves it, or "absent". */
  private String status() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(eureka.serviceUrl() + "apps/ORDERS/vm1"))
            .header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return "absent";
    }
    return new ObjectMapper().readTree(r.body()).path("instance").path("status").asText();
  }

  @Test
  void registersUpFollowsHealthAndDeregistersOnStop() throws Exception {
    String registration = "{type: eureka, eureka: {serviceUrls: ['" + eureka.serviceUrl()
        + "'], renewalInterval: 1s, leaseDuration: 5s}}";
    agent = Agent.start(Configs.parse(Configs.yaml(state, Configs.freePort(), app, registration)),
        Map.of(), Clock.systemUTC());

    await().atMost(Duration.ofSeconds(30)).until(() -> status().equals("UP"));
    app.healthy(false);
    await().atMost(Duration.ofSeconds(30)).until(() -> status().equals("DOWN"));
    app.healthy(true);
    await().atMost(Duration.ofSeconds(30)).until(() -> status().equals("UP"));

    agent.close();
    assertThat(status()).isEqualTo("absent");
  }
}
