package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real sockets: a client, the proxy and backends on 127.0.0.1. */
@ExtendWith(LeakCheck.class)
class ProxyRoutingIT {

  private final Backend orders1 = Backend.start("orders-1");
  private final Backend orders2 = Backend.start("orders-2");
  private final Backend web = Backend.start("web-1");
  private final ProxyFixture fixture = new ProxyFixture();
  private Client client;

  @BeforeEach
  void start() {
    assertThat(
            fixture.apply(
                config()
                    .listener("in", 0, "rt")
                    .routes(
                        "rt",
                        vhost(
                            "orders",
                            List.of("orders.mesh", "orders.mesh:8080"),
                            prefix("/api", "orders")),
                        vhost("web", List.of("*"), prefix("/", "web")))
                    .cluster(
                        "orders",
                        endpoint("127.0.0.1", orders1.port()),
                        endpoint("127.0.0.1", orders2.port()))
                    .cluster("web", endpoint("127.0.0.1", web.port()))
                    .build()))
        .isEmpty();
    client = new Client(fixture.port("in"));
  }

  @AfterEach
  void stop() {
    fixture.close();
    List.of(orders1, orders2, web).forEach(Backend::close);
  }

  @Test
  void routesByHostAndPathPrefixToTwoClusters() {
    assertThat(client.get("orders.mesh", "/api/x").body()).startsWith("orders-");
    assertThat(client.get("orders.mesh:8080", "/api/x").body()).startsWith("orders-");
    assertThat(client.get("web.mesh", "/api/x").body()).isEqualTo("web-1");
    HttpResponse<String> noRoute = client.get("orders.mesh", "/other");
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(noRoute.body()).isEqualTo("no route for host 'orders.mesh' path '/other'");
  }

  @Test
  void forwardsWithHostAndForwardedHeaders() {
    client.get("web.mesh", "/");
    assertThat(web.lastHeaders().getFirst("Host")).isEqualTo("web.mesh");
    assertThat(web.lastHeaders().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(web.lastHeaders().getFirst("X-Forwarded-Proto")).isEqualTo("http");
  }

  @Test
  void roundRobinAlternatesBetweenTwoBackends() {
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      served.add(client.get("orders.mesh", "/api").body());
    }
    // sequential requests share one client connection, hence one event loop and one balancer
    String first = served.get(0);
    String second = first.equals("orders-1") ? "orders-2" : "orders-1";
    for (int i = 0; i < served.size(); i++) {
      assertThat(served.get(i)).as("request %d", i).isEqualTo(i % 2 == 0 ? first : second);
    }
  }

  @Test
  void upstreamConnectionsAreKeptAlive() {
    for (int i = 0; i < 20; i++) {
      assertThat(client.get("web.mesh", "/").statusCode()).isEqualTo(200);
    }
    assertThat(web.requests()).isEqualTo(20);
    assertThat(web.connections()).isLessThanOrEqualTo(2).isLessThan(web.requests());
    assertThat(fixture.stats())
        .contains("downstream_rq_total{listener=\"stat_in\"} 20")
        .contains("upstream_rq_total{cluster=\"web\",code_class=\"2xx\"} 20")
        .contains("downstream_cx_active{listener=\"stat_in\"} 1");
  }

  @Test
  void postBodiesAreStreamedThrough() {
    byte[] body = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(body);
    String expected = "web-1:" + Backend.digest(body);
    // with Content-Length
    assertThat(
            client
                .send(
                    client
                        .request("web.mesh", "/echo")
                        .POST(BodyPublishers.ofByteArray(body))
                        .build())
                .body())
        .isEqualTo(expected);
    // chunked
    assertThat(
            client
                .send(
                    client
                        .request("web.mesh", "/echo")
                        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build())
                .body())
        .isEqualTo(expected);
  }

  @Test
  void largeResponsesAreStreamedBack() {
    long size = 16L * 1024 * 1024;
    HttpResponse<byte[]> r =
        client.send(
            client.request("web.mesh", "/big?n=" + size).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize((int) size);
  }
}
