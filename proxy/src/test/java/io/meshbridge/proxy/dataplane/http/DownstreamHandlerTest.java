package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.drain;
import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.OK;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routing, local replies, keep-alive, pipelining and draining of one downstream connection. */
@ExtendWith(LeakCheck.class)
class DownstreamHandlerTest {

  private final ProxyHarness h = new ProxyHarness(TestRoutes.base().build());

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void noRouteIs404WithAClearBodyAndKeepsTheConnection() {
    h.send(get("nowhere.mesh", "/y?q=1"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 404 Not Found\r\n")
        .endsWith("\r\n\r\nno route for host 'nowhere.mesh' path '/y'");
    assertThat(h.downstream.isOpen()).isTrue();
    h.send(get("orders.mesh", "/web")); // vhost matches, no route does
    assertThat(h.received()).endsWith("no route for host 'orders.mesh' path '/web'");
    assertThat(h.stats())
        .contains("no_route_total{listener=\"stat_l\"} 2")
        .contains("downstream_rq_total{listener=\"stat_l\"} 2")
        .contains("downstream_cx_active{listener=\"stat_l\"} 1");
  }

  @Test
  void unknownClusterIs503() {
    h.send(get("ghost.mesh", "/"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .endsWith("cluster 'missing' not found");
  }

  @Test
  void noHealthyUpstreamIs503AndCounted() {
    h.send(get("dead.mesh", "/"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 503 ")
        .endsWith("\r\n\r\nno healthy upstream for cluster 'dead'");
    assertThat(h.stats()).contains("no_healthy_upstream_total{cluster=\"dead\"} 1");
    assertThat(h.connector.channels).isEmpty();
  }

  @Test
  void proxiesARequestAndPoolsTheConnection() {
    h.send(
        "GET /api/orders?id=1 HTTP/1.1\r\nHost: orders.mesh\r\nConnection: keep-alive, x-hop\r\n"
            + "X-Hop: 1\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n");
    EmbeddedChannel up = h.connector.last();
    assertThat(h.connector.keys.get(0).authority()).isEqualTo("10.0.0.1:80");
    String request = drain(up);
    assertThat(request)
        .startsWith("GET /api/orders?id=1 HTTP/1.1\r\n")
        .contains("Host: orders.mesh\r\n")
        .contains("x-forwarded-for: 1.2.3.4, 10.9.8.7\r\n")
        .contains("x-forwarded-proto: http\r\n")
        .doesNotContainIgnoringCase("connection")
        .doesNotContainIgnoringCase("x-hop");

    respond(up, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nKeep-Alive: timeout=5\r\n\r\nhello");
    assertThat(h.received()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    assertThat(h.idle("orders", "10.0.0.1", 80)).isEqualTo(1);
    assertThat(h.downstream.isOpen()).isTrue();
    assertThat(h.stats()).contains("upstream_rq_total{cluster=\"orders\",code_class=\"2xx\"} 1");
  }

  @Test
  void roundRobinAlternatesAndReusesPooledConnections() {
    int[] served = new int[2];
    for (int i = 0; i < 4; i++) {
      h.send(get("orders.mesh", "/api"));
      int target = i % 2;
      EmbeddedChannel up = h.connector.channels.get(target);
      assertThat(drain(up)).startsWith("GET /api ");
      respond(up, OK);
      assertThat(h.received()).endsWith("ok");
      served[target]++;
    }
    assertThat(served).containsExactly(2, 2);
    // 10.0.0.1, then 10.0.0.2, then both pooled connections are reused
    assertThat(h.connector.keys)
        .extracting(k -> k.authority())
        .containsExactly("10.0.0.1:80", "10.0.0.2:80");
    assertThat(h.stats())
        .contains("upstream_cx_total{cluster=\"orders\"} 2")
        .contains("upstream_cx_active{cluster=\"orders\"} 2");
  }

  @Test
  void pipelinedRequestWaitsForTheResponse() {
    h.send(get("web.mesh", "/1") + get("web.mesh", "/2"));
    EmbeddedChannel up = h.connector.last();
    assertThat(drain(up)).startsWith("GET /1 ").doesNotContain("GET /2");
    assertThat(h.downstream.config().isAutoRead()).isFalse();

    respond(up, OK);
    assertThat(h.received()).endsWith("ok");
    assertThat(drain(up)).startsWith("GET /2 "); // same, reused connection
    respond(up, OK);
    assertThat(h.received()).endsWith("ok");
    assertThat(h.downstream.config().isAutoRead()).isTrue();
  }

  @Test
  void connectionCloseFromTheClientClosesAfterTheResponse() {
    h.send("GET / HTTP/1.1\r\nHost: web.mesh\r\nConnection: close\r\n\r\n");
    respond(h.connector.last(), OK);
    assertThat(h.received()).contains("connection: close");
    assertThat(h.downstream.isOpen()).isFalse();
    assertThat(h.idle("web", "10.0.1.1", 80)).isEqualTo(1); // the upstream side is still fine
  }

  @Test
  void http10WithoutKeepAliveCloses() {
    h.send("GET / HTTP/1.0\r\nHost: web.mesh\r\n\r\n");
    assertThat(drain(h.connector.last())).startsWith("GET / HTTP/1.1\r\n");
    respond(h.connector.last(), OK);
    assertThat(h.received()).contains("connection: close");
    assertThat(h.downstream.isOpen()).isFalse();
  }

  @Test
  void http10KeepAliveStaysOpen() {
    h.send("GET / HTTP/1.0\r\nHost: web.mesh\r\nConnection: keep-alive\r\n\r\n");
    respond(h.connector.last(), OK);
    assertThat(h.received()).contains("connection: keep-alive");
    assertThat(h.downstream.isOpen()).isTrue();
  }

  @Test
  void malformedRequestIs400AndCloses() {
    try (AccessLogCapture log = new AccessLogCapture()) {
      h.send("GARBAGE\r\n\r\n");
      assertThat(h.received()).startsWith("HTTP/1.1 400 Bad Request");
      assertThat(h.downstream.isOpen()).isFalse();
      assertThat(log.lines()).as("one access log line for the 400").hasSize(1);
      assertThat(log.last().get("response_code").asInt()).isEqualTo(400);
      assertThat(log.last().get("response_flags").asText()).isEqualTo("DPE");
    }
  }

  @Test
  void drainClosesAnIdleConnection() {
    h.send(get("web.mesh", "/"));
    respond(h.connector.last(), OK);
    h.received();
    h.downstream.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
    assertThat(h.downstream.isOpen()).isFalse();
  }

  @Test
  void drainLetsTheRequestInFlightFinishWithConnectionClose() {
    h.send(get("web.mesh", "/"));
    h.downstream.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
    assertThat(h.downstream.isOpen()).isTrue();
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").contains("connection: close");
    assertThat(h.downstream.isOpen()).isFalse();
  }

  @Test
  void aConnectionAcceptedWhileDrainingClosesAtOnce() {
    ProxyHarness late = new ProxyHarness(TestRoutes.base().build());
    late.listenerDraining = true;
    late.downstream.pipeline().fireChannelActive();
    assertThat(late.downstream.isOpen()).isFalse();
    late.close();
  }

  @Test
  void clientGoneMidRequestClosesTheUpstream() {
    h.send(get("web.mesh", "/"));
    EmbeddedChannel up = h.connector.last();
    h.downstream.close();
    assertThat(up.isOpen()).isFalse();
    assertThat(h.idle("web", "10.0.1.1", 80)).isZero();
    assertThat(h.stats()).contains("downstream_cx_active{listener=\"stat_l\"} 0");
  }
}
