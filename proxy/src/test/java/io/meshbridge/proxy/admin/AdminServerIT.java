package io.meshbridge.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class AdminServerIT {

  private final StatsRegistry stats = new StatsRegistry();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AdminServer admin =
      new AdminServer("127.0.0.1", 0, stats, () -> "{\"listeners\":[]}", ready::get);
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  @BeforeEach
  void start() {
    port = admin.start();
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  private HttpResponse<String> call(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void ready() throws Exception {
    HttpResponse<String> before = call("GET", "/ready");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).isEqualTo("PRE_INITIALIZING");
    ready.set(true);
    HttpResponse<String> after = call("GET", "/ready");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("LIVE");
  }

  @Test
  void configDump() throws Exception {
    HttpResponse<String> r = call("GET", "/config_dump");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo("{\"listeners\":[]}");
  }

  @Test
  void prometheus() throws Exception {
    stats.counter("downstream_rq_total", "Requests.", Map.of("listener", "x")).add(2);
    HttpResponse<String> r = call("GET", "/stats/prometheus");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body()).contains("downstream_rq_total{listener=\"x\"} 2");
  }

  @Test
  void indexNotFoundAndMethodNotAllowed() throws Exception {
    assertThat(call("GET", "/").body()).contains("/stats/prometheus");
    assertThat(call("GET", "/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post = call("POST", "/ready");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
  }

  @Test
  void closedServerRefusesConnections() {
    admin.close();
    assertThatThrownBy(() -> call("GET", "/ready")).isInstanceOf(IOException.class);
  }

  @Test
  void aTakenPortFailsStart() {
    AdminServer second = new AdminServer("127.0.0.1", port, stats, () -> "{}", () -> true);
    try {
      assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot bind admin server to 127.0.0.1:" + port);
    } finally {
      second.close();
    }
  }
}
