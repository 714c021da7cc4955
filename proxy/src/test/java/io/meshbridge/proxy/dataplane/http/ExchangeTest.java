package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.drain;
import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.OK;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The upstream side of a proxied request: failures, retries, timeouts, streaming, flow control. */
@ExtendWith(LeakCheck.class)
class ExchangeTest {

  private final ProxyHarness h = new ProxyHarness(TestRoutes.base().build());

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void connectFailureIs503WithTheReason() {
    h.connector.failure = new ConnectTimeoutException("connection timed out: /10.0.1.1:80");
    h.send(get("web.mesh", "/"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 503 ")
        .endsWith("upstream connect error: connection timed out: /10.0.1.1:80");
    assertThat(h.downstream.isOpen()).isTrue();
    assertThat(h.stats())
        .contains("upstream_cx_connect_fail_total{cluster=\"web\"} 1")
        .contains("upstream_rq_total{cluster=\"web\",code_class=\"5xx\"} 1");
  }

  @Test
  void noResponseWithinTheTimeoutIs504() {
    h.downstream.freezeTime();
    h.send(get("web.mesh", "/"));
    EmbeddedChannel up = h.connector.last();
    h.downstream.advanceTimeBy(ProxyHarness.TIMEOUT_NANOS - 1, TimeUnit.NANOSECONDS);
    h.downstream.runScheduledPendingTasks();
    assertThat(h.received()).isEmpty();
    h.downstream.advanceTimeBy(1, TimeUnit.NANOSECONDS);
    h.downstream.runScheduledPendingTasks();
    assertThat(h.received()).startsWith("HTTP/1.1 504 ").endsWith("upstream request timeout");
    assertThat(up.isOpen()).isFalse();
    assertThat(h.downstream.isOpen()).isTrue();
    assertThat(h.stats()).contains("upstream_rq_timeout_total{cluster=\"web\"} 1");
  }

  @Test
  void timeoutAfterTheResponseStartedResetsTheClient() {
    h.downstream.freezeTime();
    h.send(get("web.mesh", "/"));
    respond(h.connector.last(), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");
    h.downstream.advanceTimeBy(ProxyHarness.TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    h.downstream.runScheduledPendingTasks();
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").endsWith("half");
    assertThat(h.downstream.isOpen()).isFalse();
    assertThat(h.connector.last().isOpen()).isFalse();
  }

  @Test
  void aPooledConnectionClosedBeforeTheResponseIsRetriedOnceOnAFreshOne() {
    h.send(get("web.mesh", "/first"));
    EmbeddedChannel first = h.connector.last();
    respond(first, OK);
    h.received();

    h.send("PUT /again HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(drain(first)).endsWith("abc");
    first.close(); // the upstream had closed it as we wrote: the keep-alive race
    EmbeddedChannel second = h.connector.last();
    assertThat(second).isNotSameAs(first);
    assertThat(drain(second)).startsWith("PUT /again HTTP/1.1\r\n").endsWith("\r\n\r\nabc");
    respond(second, OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").endsWith("ok");
  }

  @Test
  void theRetryHappensOnlyOnce() {
    h.send(get("web.mesh", "/first"));
    respond(h.connector.last(), OK);
    h.received();
    h.send(get("web.mesh", "/again"));
    h.connector.last().close();
    h.connector.last().close();
    assertThat(h.connector.channels).hasSize(2);
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").endsWith("upstream reset before response");
  }

  @Test
  void aNonIdempotentRequestIsNotRetried() {
    h.send(get("web.mesh", "/first"));
    respond(h.connector.last(), OK);
    h.received();
    h.send("POST /order HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 3\r\n\r\nabc");
    h.connector.last().close();
    assertThat(h.connector.channels).hasSize(1);
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").endsWith("upstream reset before response");
  }

  @Test
  void aBodyTooBigToReplayIsNotRetried() {
    h.send(get("web.mesh", "/first"));
    EmbeddedChannel first = h.connector.last();
    respond(first, OK);
    h.received();
    int size = RequestBody.LIMIT_BYTES + 1;
    h.send(
        "PUT /big HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: "
            + size
            + "\r\n\r\n"
            + "x".repeat(size));
    drain(first);
    first.close();
    assertThat(h.connector.channels).hasSize(1);
    assertThat(h.received()).endsWith("upstream reset before response");
  }

  @Test
  void aMalformedResponseIs503AndNotRetried() {
    h.send(get("web.mesh", "/first"));
    EmbeddedChannel first = h.connector.last();
    respond(first, OK);
    h.received();
    h.send(get("web.mesh", "/again"));
    respond(first, "NOT HTTP AT ALL\r\n\r\n");
    assertThat(h.connector.channels).hasSize(1);
    assertThat(first.isOpen()).isFalse();
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").endsWith("protocol error");
  }

  @Test
  void aFreshConnectionClosedBeforeTheResponseIs503() {
    h.send(get("web.mesh", "/"));
    h.connector.last().close();
    assertThat(h.connector.channels).hasSize(1);
    assertThat(h.received()).endsWith("upstream reset before response");
  }

  @Test
  void bodyIsBufferedWhileConnectingThenStreamed() {
    h.connector.deferred = true;
    h.send("POST /up HTTP/1.1\r\nHost: web.mesh\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
    assertThat(h.downstream.config().isAutoRead()).isFalse(); // paused until connected
    h.connector.pending.get(0).setSuccess();
    EmbeddedChannel up = h.connector.last();
    assertThat(drain(up)).contains("transfer-encoding: chunked").endsWith("\r\n\r\n3\r\nabc\r\n");
    assertThat(h.downstream.config().isAutoRead()).isTrue();

    h.send("2\r\nde\r\n"); // streamed before the request ends
    assertThat(drain(up)).isEqualTo("2\r\nde\r\n");
    h.send("0\r\n\r\n");
    assertThat(drain(up)).isEqualTo("0\r\n\r\n");
    respond(up, OK);
    assertThat(h.received()).endsWith("ok");
  }

  @Test
  void expectContinueIsAnsweredByTheProxy() {
    h.send(
        "PUT /x HTTP/1.1\r\nHost: web.mesh\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    assertThat(h.received()).startsWith("HTTP/1.1 100 Continue\r\n");
    h.send("hi");
    EmbeddedChannel up = h.connector.last();
    assertThat(drain(up)).doesNotContainIgnoringCase("expect").endsWith("hi");
    respond(up, "HTTP/1.1 100 Continue\r\n\r\n" + OK); // an interim response is not relayed
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").endsWith("ok");
  }

  @Test
  void requestReadingPausesWhileTheUpstreamIsNotWritable() {
    h.send("POST /up HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 10\r\n\r\nabc");
    EmbeddedChannel up = h.connector.last();
    assertThat(h.downstream.config().isAutoRead()).isTrue();
    up.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    up.runPendingTasks();
    assertThat(h.downstream.config().isAutoRead()).isFalse();
    up.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    up.runPendingTasks();
    assertThat(h.downstream.config().isAutoRead()).isTrue();
    h.send("defghij");
    respond(up, OK);
    assertThat(h.received()).endsWith("ok");
  }

  @Test
  void responseReadingPausesWhileTheClientIsNotWritable() {
    h.send(get("web.mesh", "/big"));
    EmbeddedChannel up = h.connector.last();
    respond(up, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc");
    h.downstream.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    h.downstream.runPendingTasks();
    assertThat(up.config().isAutoRead()).isFalse();
    h.downstream.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    h.downstream.runPendingTasks();
    assertThat(up.config().isAutoRead()).isTrue();
    respond(up, "def");
    assertThat(h.received()).endsWith("abcdef");
  }

  @Test
  void aTruncatedResponseResetsTheClient() {
    h.send(get("web.mesh", "/"));
    EmbeddedChannel up = h.connector.last();
    respond(up, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    up.close();
    assertThat(h.received()).endsWith("abc");
    assertThat(h.downstream.isOpen()).isFalse();
  }

  @Test
  void anEarlyResponseClosesBothConnections() {
    h.send("POST /up HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 10\r\n\r\nabc");
    EmbeddedChannel up = h.connector.last();
    respond(up, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n");
    assertThat(h.received()).startsWith("HTTP/1.1 413 ").contains("connection: close");
    assertThat(h.downstream.isOpen()).isFalse();
    assertThat(up.isOpen()).isFalse();
    assertThat(h.stats()).contains("upstream_rq_total{cluster=\"web\",code_class=\"4xx\"} 1");
  }

  @Test
  void aCloseDelimitedResponseIsRechunked() {
    h.send(get("web.mesh", "/"));
    EmbeddedChannel up = h.connector.last();
    respond(up, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nstream");
    up.close();
    assertThat(h.received())
        .contains("transfer-encoding: chunked")
        .endsWith("\r\n\r\n6\r\nstream\r\n0\r\n\r\n");
    assertThat(h.downstream.isOpen()).isTrue();
    assertThat(h.idle("web", "10.0.1.1", 80)).isZero();
  }

  @Test
  void aConnectionToAnEndpointThatLeftIsClosedAfterItsResponse() {
    h.send(get("web.mesh", "/"));
    EmbeddedChannel up = h.connector.last();
    h.apply(TestRoutes.base().cluster("web", endpoint("10.0.1.2", 80)).build());
    respond(up, OK);
    assertThat(h.received()).endsWith("ok");
    assertThat(up.isOpen()).isFalse();
  }

  @Test
  void inFlightRequestsFinishOnTheConfigTheyStartedWith() {
    h.send(get("web.mesh", "/"));
    h.apply(TestRoutes.base().cluster("web").build()); // no endpoints any more
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
    h.send(get("web.mesh", "/"));
    assertThat(h.received()).endsWith("no healthy upstream for cluster 'web'");
  }
}
