package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.drain;
import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.OK;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Route retries on the embedded handler: conditions, hosts, body replay, timeouts, stats. */
@ExtendWith(LeakCheck.class)
class RetryHandlerTest {

  private static final String UNAVAILABLE =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy";
  private static final RetryPolicy FIVE_XX =
      RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 2).withPreviousHosts(true, 5);

  private ProxyHarness h;

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void a503IsRetriedOnTheOtherEndpointAfterABackoff() {
    start(FIVE_XX);
    h.send(get("retry.mesh", "/a"));
    EmbeddedChannel first = h.connector.last();
    respond(first, UNAVAILABLE);
    assertThat(h.connector.channels).hasSize(1); // waiting for the backoff
    backoff();
    EmbeddedChannel second = h.connector.last();
    assertThat(second).isNotSameAs(first);
    assertThat(h.connector.keys).extracting(UpstreamKey::host).doesNotHaveDuplicates();
    assertThat(drain(second)).startsWith("GET /a HTTP/1.1\r\n");
    respond(second, OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    assertThat(h.stats())
        .contains("upstream_rq_retry_total{cluster=\"orders\"} 1")
        .contains("upstream_rq_retry_success_total{cluster=\"orders\"} 1")
        .contains("upstream_rq_total{cluster=\"orders\",code_class=\"5xx\"} 1")
        .contains("upstream_rq_total{cluster=\"orders\",code_class=\"2xx\"} 1");
  }

  @Test
  void whenRetriesAreUsedUpTheLastUpstreamResponseIsRelayed() {
    start(RetryPolicy.of(Set.of(RetryOn.GATEWAY_ERROR), 1));
    h.send(get("retry.mesh", "/"));
    respond(h.connector.last(), UNAVAILABLE);
    backoff();
    respond(h.connector.last(), UNAVAILABLE);
    assertThat(h.received()).startsWith("HTTP/1.1 503 Service Unavailable").endsWith("busy");
    assertThat(h.connector.channels).hasSize(2);
    assertThat(h.stats())
        .contains("upstream_rq_retry_limit_exceeded_total{cluster=\"orders\"} 1")
        .contains("upstream_rq_retry_success_total{cluster=\"orders\"} 0");
  }

  @Test
  void aStatusNotInTheConditionsIsRelayedAtOnce() {
    start(RetryPolicy.of(Set.of(RetryOn.CONNECT_FAILURE), 2));
    h.send(get("retry.mesh", "/"));
    respond(h.connector.last(), UNAVAILABLE);
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").endsWith("busy");
    assertThat(h.stats()).contains("upstream_rq_retry_total{cluster=\"orders\"} 0");
  }

  @Test
  void aPutBodyIsReplayedToTheNextEndpoint() {
    start(FIVE_XX);
    h.send("PUT /p HTTP/1.1\r\nHost: retry.mesh\r\nContent-Length: 5\r\n\r\nhello");
    EmbeddedChannel first = h.connector.last();
    assertThat(drain(first)).endsWith("\r\n\r\nhello");
    first.close(); // reset before any response: retriable on 5xx
    backoff();
    assertThat(drain(h.connector.last())).startsWith("PUT /p HTTP/1.1\r\n").endsWith("hello");
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aPostIsNotRetriedOnA503ButIsOnAConnectFailure() {
    start(FIVE_XX);
    h.connector.refused.add(new UpstreamKey("orders", "10.0.0.1", 80));
    h.connector.refused.add(new UpstreamKey("orders", "10.0.0.2", 80));
    h.send("POST /o HTTP/1.1\r\nHost: retry.mesh\r\nContent-Length: 1\r\n\r\nx");
    backoff();
    backoff();
    assertThat(h.connector.keys).hasSize(3); // the first attempt and two retries
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").contains("upstream connect error: ");

    h.connector.refused.clear();
    h.send("POST /o HTTP/1.1\r\nHost: retry.mesh\r\nContent-Length: 1\r\n\r\nx");
    respond(h.connector.last(), UNAVAILABLE);
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").endsWith("busy");
    assertThat(h.connector.keys).hasSize(4);
  }

  @Test
  void aPostIsRetriedOnA503WithTheRouteOptIn() {
    start(FIVE_XX.withRetryNonIdempotent(true));
    h.send("POST /o HTTP/1.1\r\nHost: retry.mesh\r\nContent-Length: 1\r\n\r\nx");
    respond(h.connector.last(), UNAVAILABLE);
    backoff();
    assertThat(drain(h.connector.last())).startsWith("POST /o HTTP/1.1").endsWith("x");
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aSlowAttemptIsAbandonedAtThePerTryTimeoutAndTheNextOneAnswers() {
    start(FIVE_XX.withPerTryTimeout(Duration.ofSeconds(1)));
    h.downstream.freezeTime();
    h.send(get("retry.mesh", "/"));
    EmbeddedChannel first = h.connector.last();
    advance(Duration.ofSeconds(1));
    assertThat(first.isOpen()).isFalse();
    backoff();
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
    assertThat(h.stats()).contains("upstream_rq_timeout_total{cluster=\"orders\"} 1");
  }

  @Test
  void theRouteTimeoutSpansAllAttempts() {
    start(RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 10).withPerTryTimeout(Duration.ofSeconds(2)));
    h.downstream.freezeTime();
    h.send(get("retry.mesh", "/"));
    for (int i = 0; i < 2; i++) {
      advance(Duration.ofSeconds(2)); // a per-try timeout
      backoff();
    }
    assertThat(h.received()).isEmpty();
    advance(Duration.ofSeconds(5)); // 2 × (2 s + backoff) + 5 s > the 5 s route timeout
    assertThat(h.received()).startsWith("HTTP/1.1 504 ").endsWith("upstream request timeout");
    assertThat(h.connector.channels).hasSize(3).noneMatch(EmbeddedChannel::isOpen);
  }

  @Test
  void aGrpcStatusInTheTrailersIsRetriedBeforeAnythingGoesDownstream() {
    start(RetryPolicy.of(Set.of(RetryOn.GRPC_UNAVAILABLE), 1));
    h.send(
        "POST /pkg.Svc/Call HTTP/1.1\r\nHost: retry.mesh\r\ncontent-type: application/grpc\r\n"
            + "Content-Length: 1\r\n\r\nx");
    respond(h.connector.last(), grpcResponse(14));
    assertThat(h.received()).isEmpty();
    backoff();
    assertThat(drain(h.connector.last())).endsWith("\r\n\r\nx");
    respond(h.connector.last(), grpcResponse(0));
    assertThat(h.received())
        .startsWith("HTTP/1.1 200 OK")
        .contains("content-type: application/grpc")
        .contains("grpc-status: 0");
  }

  @Test
  void noRetryOnceTheResponseStarted() {
    start(FIVE_XX);
    h.send(get("retry.mesh", "/"));
    respond(h.connector.last(), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");
    h.connector.last().close();
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").endsWith("half");
    assertThat(h.downstream.isOpen()).isFalse();
    assertThat(h.connector.channels).hasSize(1);
  }

  @Test
  void aClientThatLeavesMidTryLeavesItsEndpointIdleForLeastRequest() {
    h =
        new ProxyHarness(
            TestRoutes.base()
                .cluster(
                    "orders", ClusterConfig.LbPolicy.LEAST_REQUEST, endpoint("10.0.0.1", 80),
                    endpoint("10.0.0.2", 80))
                .build());
    h.send(get("orders.mesh", "/api/a"));
    h.downstream.close(); // its try was counted active on its endpoint: it must be finished
    EmbeddedChannel second =
        new EmbeddedChannel(
            new HttpServerCodec(),
            new DownstreamHandler(
                "l", h.snapshot::get, h.worker, ProxyHarness.TIMEOUT_NANOS, () -> false));
    for (int i = 0; i < 20; i++) {
      second.writeInbound(ProxyHarness.ascii(get("orders.mesh", "/api/b")));
      respond(
          h.connector.last(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    drain(second);
    second.finishAndReleaseAll();
    // with the first endpoint still counted busy, every later request would go to the other one
    assertThat(h.connector.keys.subList(1, 21))
        .extracting(UpstreamKey::host)
        .contains("10.0.0.1", "10.0.0.2");
  }

  private static String grpcResponse(int status) {
    return "HTTP/1.1 200 OK\r\ncontent-type: application/grpc\r\nTransfer-Encoding: chunked\r\n"
        + "\r\n2\r\nab\r\n0\r\ngrpc-status: " + status + "\r\n\r\n";
  }

  private void start(RetryPolicy retry) {
    RouteEntry route =
        new RouteEntry(
            RouteMatch.path(PathMatch.prefix("/")),
            new RouteAction.Forward(
                List.of(new RouteAction.WeightedCluster("orders", 1)),
                Duration.ofSeconds(5), retry, "", ""),
            HeaderMutations.NONE);
    h =
        new ProxyHarness(
            TestRoutes.base()
                .routes("rt", vhost("retry", List.of("retry.mesh"), route))
                .cluster("orders", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80))
                .build());
  }

  /** Runs past the longest backoff (250 ms). */
  private void backoff() {
    advance(Duration.ofMillis(250));
  }

  private void advance(Duration d) {
    h.downstream.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    h.downstream.runScheduledPendingTasks();
    h.downstream.runPendingTasks();
  }
}
