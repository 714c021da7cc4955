package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fault injection and local rate limit through a real proxy to a real backend. */
@ExtendWith(LeakCheck.class)
class RouteFiltersIT {

  private static final int N = 400;

  private final Backend backend = Backend.start("b");
  private final ProxyFixture fixture = new ProxyFixture();
  private final AccessLogCapture log = new AccessLogCapture();

  @AfterEach
  void stop() {
    log.close();
    backend.close();
    fixture.close();
  }

  @Test
  void halfTheRequestsAreDelayedAndHalfAbortedWithinFiveSigma() {
    FaultPolicy fault =
        new FaultPolicy(
            new FaultPolicy.Delay(Duration.ofMillis(2), new Fraction(50, 100)),
            new FaultPolicy.Abort(503, -1, new Fraction(5000, 10_000)));
    Client client = start(new RouteFilters(fault, null));
    int aborted = 0;
    for (int i = 0; i < N; i++) {
      int status = client.get("svc.mesh", "/").statusCode();
      assertThat(status).isIn(200, 503);
      aborted += status == 503 ? 1 : 0;
    }
    // binomial(400, 0.5): mean 200, sigma 10
    assertThat(aborted).isBetween(150, 250);
    assertThat(backend.requests()).isEqualTo(N - aborted);
    // the event loop writes a line just after the response: wait for the last one
    await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().size() == N);
    List<JsonNode> lines = log.lines();
    long fi = lines.stream().filter(l -> flags(l).contains("FI")).count();
    long di = lines.stream().filter(l -> flags(l).contains("DI")).count();
    assertThat(fi).isEqualTo(aborted);
    assertThat(di).isBetween(150L, 250L);
    assertThat(lines)
        .filteredOn(l -> flags(l).contains("FI"))
        .allMatch(l -> l.get("response_code").asInt() == 503);
  }

  @Test
  void theSixthRequestOfAFiveTokenBucketIs429() {
    Client client =
        start(
            new RouteFilters(
                null,
                new LocalRateLimitConfig(
                    "svc_rl", 5, 1, Duration.ofHours(1), Fraction.ALL, Fraction.ALL)));
    for (int i = 0; i < 5; i++) {
      assertThat(client.get("svc.mesh", "/").statusCode()).isEqualTo(200);
    }
    assertThat(client.get("svc.mesh", "/").body()).isEqualTo("local_rate_limited");
    await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().size() == 6);
    assertThat(log.last().get("response_flags").asText()).isEqualTo("RL");
    assertThat(log.last().get("response_code").asInt()).isEqualTo(429);
    assertThat(fixture.stats())
        .contains("http_local_rate_limit_enforced_total{stat_prefix=\"svc_rl\"} 1");
  }

  private static String flags(JsonNode line) {
    return line.get("response_flags").asText();
  }

  private Client start(RouteFilters filters) {
    RouteEntry route =
        new RouteEntry(
            "svc-route", RouteMatch.path(PathMatch.prefix("/")), RouteAction.Forward.to("svc"),
            HeaderMutations.NONE, filters);
    fixture.apply(
        config()
            .listener(
                new ListenerConfig(
                    "in", "127.0.0.1", 0, "rt", "in",
                    List.of(HttpFilter.FAULT, HttpFilter.LOCAL_RATE_LIMIT)))
            .routes("rt", new VirtualHostConfig("svc", List.of("svc.mesh"), List.of(route)))
            .cluster("svc", endpoint("127.0.0.1", backend.port()))
            .build());
    return new Client(fixture.port("in"));
  }
}
