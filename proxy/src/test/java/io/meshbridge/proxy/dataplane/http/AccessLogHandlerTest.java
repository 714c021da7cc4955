package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.OK;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.ConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One JSON access log line per request, with its fields and response flags. */
@ExtendWith(LeakCheck.class)
class AccessLogHandlerTest {

  private final AccessLogCapture log = new AccessLogCapture();
  private final ProxyHarness h =
      new ProxyHarness(
          TestRoutes.base()
              .routes(
                  "rt",
                  vhost("web", List.of("web.mesh"), prefix("/", "web")),
                  vhost(
                      "retry",
                      List.of("retry.mesh"),
                      new RouteEntry(
                          "retrying",
                          RouteMatch.path(PathMatch.prefix("/")),
                          new RouteAction.Forward(
                              List.of(new RouteAction.WeightedCluster("orders", 1)),
                              Duration.ofSeconds(5),
                              RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 1),
                              "", ""),
                          HeaderMutations.NONE)),
                  vhost("dead", List.of("dead.mesh"), prefix("/", "dead")))
              .cluster("orders", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80))
              .build());

  @AfterEach
  void close() {
    h.close();
    log.close();
  }

  @Test
  void aProxiedRequestHasEveryField() {
    h.send("PUT /a?b=c HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 3\r\n\r\nabc");
    respond(h.connector.last(), OK);
    JsonNode line = log.last();
    assertThat(line.get("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.get("method").asText()).isEqualTo("PUT");
    assertThat(line.get("authority").asText()).isEqualTo("web.mesh");
    assertThat(line.get("path").asText()).isEqualTo("/a?b=c");
    assertThat(line.get("protocol").asText()).isEqualTo("HTTP/1.1");
    assertThat(line.get("response_code").asInt()).isEqualTo(200);
    assertThat(line.get("response_flags").asText()).isEqualTo("-");
    assertThat(line.get("route_name").asText()).isEqualTo("web-route");
    assertThat(line.get("upstream_cluster").asText()).isEqualTo("web");
    assertThat(line.get("upstream_host").asText()).isEqualTo("10.0.1.1:80");
    assertThat(line.get("bytes_received").asLong()).isEqualTo(3);
    assertThat(line.get("bytes_sent").asLong()).isEqualTo(2);
    assertThat(line.get("duration_ms").asLong()).isNotNegative();
    assertThat(line.get("upstream_service_time_ms").asLong()).isNotNegative();
    assertThat(line.get("attempts").asInt()).isEqualTo(1);
    assertThat(log.lines()).hasSize(1);
  }

  @Test
  void localAnswersCarryTheirFlags() {
    h.send(get("nowhere.mesh", "/"));
    assertThat(log.last().get("response_code").asInt()).isEqualTo(404);
    assertThat(log.last().get("response_flags").asText()).isEqualTo("NR");
    h.send(get("dead.mesh", "/"));
    assertThat(log.last().get("response_flags").asText()).isEqualTo("UH");
    assertThat(log.last().get("upstream_host").asText()).isEmpty();
    h.connector.failure = new ConnectTimeoutException("timed out");
    h.send(get("web.mesh", "/"));
    assertThat(log.last().get("response_flags").asText()).isEqualTo("UF");
    assertThat(log.last().get("response_code").asInt()).isEqualTo(503);
    assertThat(log.lines()).hasSize(3);
  }

  @Test
  void timeoutIsUt() {
    h.downstream.freezeTime();
    h.send(get("web.mesh", "/"));
    h.downstream.advanceTimeBy(ProxyHarness.TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    h.downstream.runScheduledPendingTasks();
    assertThat(log.last().get("response_flags").asText()).isEqualTo("UT");
    assertThat(log.last().get("response_code").asInt()).isEqualTo(504);
  }

  @Test
  void retriesAreCountedAndUsedUpRetriesAreUrx() {
    h.downstream.freezeTime();
    h.send(get("retry.mesh", "/"));
    respond(h.connector.last(), "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
    h.downstream.advanceTimeBy(250, TimeUnit.MILLISECONDS);
    h.downstream.runScheduledPendingTasks();
    respond(h.connector.last(), "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
    JsonNode line = log.last();
    assertThat(line.get("attempts").asInt()).isEqualTo(2);
    assertThat(line.get("response_code").asInt()).isEqualTo(503);
    assertThat(line.get("response_flags").asText()).isEqualTo("URX");
    assertThat(line.get("route_name").asText()).isEqualTo("retrying");
  }

  @Test
  void aClientThatLeavesMidResponseIsDc() {
    h.send(get("web.mesh", "/"));
    respond(h.connector.last(), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");
    h.downstream.close();
    assertThat(log.last().get("response_flags").asText()).isEqualTo("DC");
    assertThat(log.last().get("response_code").asInt()).isEqualTo(200);
    assertThat(log.last().get("bytes_sent").asLong()).isEqualTo(4);
  }

  private static RouteEntry prefix(String prefix, String cluster) {
    return new RouteEntry(
        cluster + "-route",
        RouteMatch.path(PathMatch.prefix(prefix)),
        RouteAction.Forward.to(cluster),
        HeaderMutations.NONE);
  }
}
