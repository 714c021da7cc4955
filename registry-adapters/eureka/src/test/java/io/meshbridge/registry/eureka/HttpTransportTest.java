package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.meshbridge.registry.eureka.EurekaTransport.Request;
import io.meshbridge.registry.eureka.EurekaTransport.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover order and stickiness, against JDK HTTP servers on loopback standing in for Eureka. */
class HttpTransportTest {

  private final List<HttpServer> servers = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private URI server(int status, String body, AtomicInteger hits) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/eureka/",
        exchange -> {
          hits.incrementAndGet();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/eureka/");
  }

  private static URI deadServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/eureka/");
    }
  }

  @Test
  void failsOverOnRefusedAndServerErrorsThenSticksToTheServerThatAnswered() throws IOException {
    AtomicInteger failingHits = new AtomicInteger();
    AtomicInteger goodHits = new AtomicInteger();
    URI dead = deadServer();
    URI failing = server(503, "", failingHits);
    URI good = server(200, "{}", goodHits);
    HttpTransport transport =
        new HttpTransport("test", List.of(dead, failing, good), Duration.ofSeconds(2));

    Response first = transport.send(Request.get("apps/"));
    Response second = transport.send(Request.get("apps/delta"));

    assertThat(first.server()).isEqualTo(good);
    assertThat(first.body()).isEqualTo("{}");
    assertThat(second.server()).isEqualTo(good);
    assertThat(failingHits).hasValue(1);
    assertThat(goodHits).hasValue(2);
  }

  @Test
  void aClientErrorIsAnAnswerNotAFailure() throws IOException {
    AtomicInteger hits = new AtomicInteger();
    URI notFound = server(404, "", hits);
    URI good = server(200, "{}", new AtomicInteger());
    HttpTransport transport =
        new HttpTransport("test", List.of(notFound, good), Duration.ofSeconds(2));

    assertThat(transport.send(new Request("PUT", "apps/A/a-1", null)).status()).isEqualTo(404);
  }

  @Test
  void whenNoServerAnswersTheErrorNamesEachOne() throws IOException {
    URI dead = deadServer();
    URI failing = server(500, "boom", new AtomicInteger());
    HttpTransport transport =
        new HttpTransport("test", List.of(dead, failing), Duration.ofSeconds(2));

    assertThatThrownBy(() -> transport.send(Request.get("apps/")))
        .isInstanceOf(EurekaUnavailableException.class)
        .hasMessageStartingWith(
            "GET apps/: no Eureka server answered (" + dead + ": java.net.ConnectException")
        .hasMessageEndingWith("; " + failing + ": HTTP 500)");
  }
}
