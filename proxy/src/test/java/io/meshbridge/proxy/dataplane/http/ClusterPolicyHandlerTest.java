package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where retries meet the cluster's traffic policy: the max_retries and max_pending_requests
 * circuit breakers, and outlier detection fed by every try, on the embedded pipeline.
 */
@ExtendWith(LeakCheck.class)
class ClusterPolicyHandlerTest {

  private static final String BUSY = "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy";
  /** A 200 that closes its connection, so every try opens a new one ({@code connector.last()}). */
  private static final String OK_CLOSE =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  private static final UpstreamKey FIRST = new UpstreamKey("orders", "10.0.0.1", 80);

  private final AccessLogCapture log = new AccessLogCapture();
  private @Nullable ProxyHarness harness;

  private ProxyHarness start(
      CircuitBreakerThresholds limits,
      @Nullable OutlierDetectionConfig outliers,
      RetryPolicy retry) {
    ClusterConfig cluster =
        new ClusterConfig("orders", "orders", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
            LbSettings.DEFAULTS, limits, outliers);
    RouteEntry route =
        new RouteEntry(
            "retrying",
            RouteMatch.path(PathMatch.prefix("/")),
            new RouteAction.Forward(
                List.of(new RouteAction.WeightedCluster("orders", 1)), Duration.ofSeconds(10),
                retry, "", ""),
            HeaderMutations.NONE);
    ProxyHarness h =
        new ProxyHarness(
            config()
                .listener("l", 8080, "rt")
                .routes("rt", vhost("orders", List.of("orders.mesh"), route))
                .cluster(cluster, endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80))
                .build());
    h.downstream.freezeTime();
    harness = h;
    return h;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    log.close();
  }

  @Test
  void aRetryRefusedByMaxRetriesRelaysTheResponseWithUo() {
    ProxyHarness h =
        start(limits(1024, 0), null, RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 2));

    h.send(get("orders.mesh", "/"));
    respond(h.connector.last(), BUSY);

    assertThat(h.received()).startsWith("HTTP/1.1 503 Busy").endsWith("busy");
    runBackoff(h);
    assertThat(h.connector.keys).as("no retry was made").hasSize(1);
    assertThat(h.stats())
        .contains("upstream_rq_retry_overflow{cluster=\"orders\"} 1")
        .contains("upstream_rq_retry_total{cluster=\"orders\"} 0")
        .contains("upstream_rq_active{cluster=\"orders\"} 0");
    JsonNode line = log.last();
    assertThat(line.get("response_code").asInt()).isEqualTo(503);
    assertThat(line.get("response_flags").asText()).isEqualTo("UO");
    assertThat(line.get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aRetryReturnsItsPermitWhenItsTryEnds() {
    ProxyHarness h =
        start(limits(1024, 1), null, RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 1));

    for (int request = 1; request <= 2; request++) {
      h.send(get("orders.mesh", "/"));
      respond(h.connector.last(), BUSY);
      runBackoff(h);
      assertThat(h.connector.keys).as("request %s was retried", request).hasSize(2 * request);
      respond(h.connector.last(), OK_CLOSE);
      assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
      assertThat(log.last().get("response_flags").asText()).isEqualTo("-");
    }
    assertThat(h.stats())
        .contains("upstream_rq_retry_overflow{cluster=\"orders\"} 0")
        .contains("upstream_rq_retry_total{cluster=\"orders\"} 2");
  }

  @Test
  void perTryTimeoutsDuringRetriesEjectTheEndpoint() {
    OutlierDetectionConfig twoInARow =
        new OutlierDetectionConfig(
            2, 5, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 50,
            100, 0);
    ProxyHarness h =
        start(
            CircuitBreakerThresholds.DEFAULTS,
            twoInARow,
            RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 3)
                .withPerTryTimeout(Duration.ofSeconds(1))
                .withPreviousHosts(true, 5));

    int timedOut = 0;
    for (int request = 0; request < 8 && timedOut < 2; request++) {
      h.send(get("orders.mesh", "/"));
      while (lastKey(h).equals(FIRST)) { // 10.0.0.1 never answers: its try times out, retried
        timedOut++;
        h.downstream.advanceTimeBy(1, TimeUnit.SECONDS);
        h.downstream.runScheduledPendingTasks();
        runBackoff(h);
      }
      respond(h.connector.last(), OK_CLOSE);
      assertThat(h.received()).as("the retry answered").startsWith("HTTP/1.1 200 OK");
    }

    assertThat(timedOut).isEqualTo(2);
    assertThat(h.stats())
        .contains("outlier_detection_ejections_total{cluster=\"orders\"} 1")
        .contains("outlier_detection_ejections_active{cluster=\"orders\"} 1")
        .contains("upstream_rq_timeout_total{cluster=\"orders\"} 2");
    for (int request = 0; request < 3; request++) {
      h.send(get("orders.mesh", "/"));
      assertThat(lastKey(h)).as("the ejected endpoint gets no first try").isNotEqualTo(FIRST);
      respond(h.connector.last(), OK_CLOSE);
      assertThat(h.received()).startsWith("HTTP/1.1 200 OK");
    }
  }

  @Test
  void aPendingOverflowIsALocal503LoggedUo() {
    ProxyHarness h =
        start(
            new CircuitBreakerThresholds(1024, 0, 1024, 1024),
            null,
            RetryPolicy.of(Set.of(RetryOn.FIVE_XX, RetryOn.RESET), 2));

    h.send(get("orders.mesh", "/"));
    runBackoff(h);

    assertThat(h.received())
        .startsWith("HTTP/1.1 503 Service Unavailable")
        .endsWith(CircuitBreakers.OVERFLOW_TEXT);
    assertThat(h.connector.keys).as("no connection, no retry").isEmpty();
    assertThat(h.stats())
        .contains("upstream_rq_pending_overflow{cluster=\"orders\"} 1")
        .contains("upstream_rq_pending_active{cluster=\"orders\"} 0")
        .contains("upstream_rq_active{cluster=\"orders\"} 0");
    JsonNode line = log.last();
    assertThat(line.get("response_code").asInt()).isEqualTo(503);
    assertThat(line.get("response_flags").asText()).isEqualTo("UO");
    assertThat(log.lines()).hasSize(1);
  }

  private static CircuitBreakerThresholds limits(int maxRequests, int maxRetries) {
    return new CircuitBreakerThresholds(1024, 1024, maxRequests, maxRetries);
  }

  /** Lets a scheduled retry's backoff (at most 250 ms by default) pass. */
  private static void runBackoff(ProxyHarness h) {
    h.downstream.advanceTimeBy(250, TimeUnit.MILLISECONDS);
    h.downstream.runScheduledPendingTasks();
  }

  private static UpstreamKey lastKey(ProxyHarness h) {
    return h.connector.keys.get(h.connector.keys.size() - 1);
  }
}
