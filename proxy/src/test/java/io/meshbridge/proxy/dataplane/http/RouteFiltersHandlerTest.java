package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.drain;
import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.OK;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.CorsPolicy;
import io.meshbridge.proxy.config.FaultPolicy;
import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.HttpFilter;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.LocalRateLimitConfig;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteFilters;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fault injection, local rate limit and CORS on the embedded handler. */
@ExtendWith(LeakCheck.class)
class RouteFiltersHandlerTest {

  private static final List<HttpFilter> BOTH = List.of(HttpFilter.FAULT, HttpFilter.LOCAL_RATE_LIMIT);
  private static final List<HttpFilter> ALL =
      List.of(HttpFilter.FAULT, HttpFilter.CORS, HttpFilter.LOCAL_RATE_LIMIT);
  private static final Duration DELAY = Duration.ofSeconds(2);

  private final AccessLogCapture log = new AccessLogCapture();
  private ProxyHarness h;

  @AfterEach
  void close() {
    h.close();
    log.close();
  }

  @Test
  void aDelayHoldsTheRequestAndItsBodyOnTheEventLoop() {
    start(BOTH, new RouteFilters(new FaultPolicy(delay(), null), null));
    h.downstream.freezeTime();
    h.send("PUT /d HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 4\r\n\r\nbody");
    assertThat(h.connector.keys).isEmpty();
    advance(DELAY.minusNanos(1));
    assertThat(h.connector.keys).isEmpty();
    advance(Duration.ofNanos(1));
    assertThat(drain(h.connector.last())).startsWith("PUT /d HTTP/1.1\r\n").endsWith("body");
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
    assertThat(log.last().get("response_flags").asText()).isEqualTo("DI");
  }

  @Test
  void anAbortAnswersLocallyWithoutAnUpstream() {
    start(BOTH, new RouteFilters(new FaultPolicy(null, abort(503, -1)), null));
    h.send(get("web.mesh", "/"));
    assertThat(h.received()).startsWith("HTTP/1.1 503 ").endsWith("fault filter abort");
    assertThat(h.connector.keys).isEmpty();
    assertThat(log.last().get("response_flags").asText()).isEqualTo("FI");
    assertThat(h.downstream.isOpen()).isTrue();
  }

  @Test
  void aGrpcAbortAfterADelayIsATrailersOnlyResponse() {
    start(BOTH, new RouteFilters(new FaultPolicy(delay(), abort(200, 14)), null));
    h.downstream.freezeTime();
    h.send(get("web.mesh", "/pkg.Svc/M"));
    assertThat(h.received()).isEmpty();
    advance(DELAY);
    assertThat(h.received())
        .startsWith("HTTP/1.1 200 OK")
        .contains("content-type: application/grpc")
        .contains("grpc-status: 14")
        .contains("grpc-message: fault filter abort");
    assertThat(h.connector.keys).isEmpty();
    assertThat(log.last().get("response_flags").asText()).isEqualTo("FI,DI");
  }

  @Test
  void routeConfigDoesNothingWithoutTheFilterInTheListenersChain() {
    start(
        List.of(),
        new RouteFilters(new FaultPolicy(null, abort(503, -1)), limit(1)));
    for (int i = 0; i < 3; i++) {
      h.send(get("web.mesh", "/"));
      respond(h.connector.last(), OK);
      assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
    }
  }

  @Test
  void aRequestWithoutATokenIs429() {
    start(BOTH, new RouteFilters(null, limit(2)));
    for (int i = 0; i < 2; i++) {
      h.send(get("web.mesh", "/"));
      respond(h.connector.last(), OK);
      assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
    }
    h.send(get("web.mesh", "/"));
    assertThat(h.received()).startsWith("HTTP/1.1 429 ").endsWith("local_rate_limited");
    assertThat(log.last().get("response_flags").asText()).isEqualTo("RL");
    assertThat(h.stats())
        .contains("http_local_rate_limit_enabled_total{stat_prefix=\"rl\"} 3")
        .contains("http_local_rate_limit_ok_total{stat_prefix=\"rl\"} 2")
        .contains("http_local_rate_limit_rate_limited_total{stat_prefix=\"rl\"} 1")
        .contains("http_local_rate_limit_enforced_total{stat_prefix=\"rl\"} 1");
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredLocally() {
    start(ALL, new RouteFilters(null, null, cors()));
    h.send(preflight("https://a.example"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 200 OK")
        .contains("access-control-allow-origin: https://a.example")
        .contains("access-control-allow-methods: GET,PUT")
        .contains("access-control-max-age: 60")
        .contains("access-control-allow-credentials: true");
    assertThat(h.connector.keys).isEmpty();
  }

  @Test
  void aPreflightFromAnotherOriginGoesUpstreamWithoutCorsHeaders() {
    start(ALL, new RouteFilters(null, null, cors()));
    h.send(preflight("https://evil.example"));
    assertThat(drain(h.connector.last())).startsWith("OPTIONS /x HTTP/1.1");
    respond(h.connector.last(), OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").doesNotContain("access-control");
  }

  @Test
  void anActualRequestFromAnAllowedOriginGetsCorsResponseHeaders() {
    start(ALL, new RouteFilters(null, null, cors()));
    h.send("GET /x HTTP/1.1\r\nHost: web.mesh\r\nOrigin: https://a.example\r\n\r\n");
    respond(h.connector.last(), OK);
    assertThat(h.received())
        .startsWith("HTTP/1.1 200 OK")
        .contains("access-control-allow-origin: https://a.example")
        .contains("access-control-expose-headers: x-total")
        .doesNotContain("access-control-allow-methods");
  }

  private static String preflight(String origin) {
    return "OPTIONS /x HTTP/1.1\r\nHost: web.mesh\r\nOrigin: " + origin
        + "\r\nAccess-Control-Request-Method: PUT\r\n\r\n";
  }

  private static CorsPolicy cors() {
    return new CorsPolicy(
        List.of(StringMatch.exact("https://a.example")), "GET,PUT", "x-a", "x-total", "60", true,
        Fraction.ALL, true);
  }

  private void start(List<HttpFilter> chain, RouteFilters filters) {
    RouteEntry route =
        new RouteEntry(
            "r", RouteMatch.path(PathMatch.prefix("/")), RouteAction.Forward.to("web"),
            HeaderMutations.NONE, filters);
    h =
        new ProxyHarness(
            TestRoutes.base()
                .listener(new ListenerConfig("l", "127.0.0.1", 8080, "rt", "stat_l", chain))
                .routes("rt", vhost("web", List.of("web.mesh"), route))
                .build());
  }

  private static FaultPolicy.Delay delay() {
    return new FaultPolicy.Delay(DELAY, Fraction.ALL);
  }

  private static FaultPolicy.Abort abort(int http, int grpc) {
    return new FaultPolicy.Abort(http, grpc, Fraction.ALL);
  }

  private static LocalRateLimitConfig limit(long tokens) {
    return new LocalRateLimitConfig(
        "rl", tokens, 1, Duration.ofHours(1), Fraction.ALL, Fraction.ALL);
  }

  private void advance(Duration d) {
    h.downstream.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    h.downstream.runScheduledPendingTasks();
  }
}
