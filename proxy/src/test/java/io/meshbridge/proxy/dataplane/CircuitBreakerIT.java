package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cluster circuit breakers through a real proxy to a real backend on 127.0.0.1. */
@ExtendWith(LeakCheck.class)
class CircuitBreakerIT {

  private static final String OVERFLOW =
      "upstream connect error or disconnect/reset before headers. reset reason: overflow";

  private final Backend backend = Backend.start("b");
  /**
   * One event loop: as in Envoy, each worker's pool may open one connection to an endpoint even
   * over max_connections (so its waiting requests cannot starve), which would make two loops race.
   */
  private final ProxyFixture fixture =
      new ProxyFixture(DataPlaneOptions.DEFAULTS.withWorkerThreads(1));

  private Client start(CircuitBreakerThresholds limits) {
    ClusterConfig cluster =
        new ClusterConfig("c", "c", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
            LbSettings.DEFAULTS, limits, null);
    assertThat(
            fixture.apply(
                config()
                    .listener("in", 0, "rt")
                    .routes("rt", vhost("v", List.of("*"), prefix("/", "c")))
                    .cluster(cluster, endpoint("127.0.0.1", backend.port()))
                    .build()))
        .isEmpty();
    return new Client(fixture.port("in"));
  }

  @AfterEach
  void stop() {
    backend.release();
    fixture.close();
    backend.close();
  }

  @Test
  void overMaxConnectionsRequestsWaitAndOverMaxPendingTheyGet503() {
    Client client = start(new CircuitBreakerThresholds(1, 1, 1024, 3));
    CompletableFuture<HttpResponse<String>> first = client.getAsync("h", "/slow");
    await().until(() -> backend.slowArrived() == 1);
    CompletableFuture<HttpResponse<String>> second = client.getAsync("h", "/slow");
    await().until(() -> fixture.stats().contains("upstream_rq_pending_active{cluster=\"c\"} 1"));

    HttpResponse<String> third = client.get("h", "/slow");

    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.body()).isEqualTo(OVERFLOW);
    assertThat(fixture.stats())
        .contains("upstream_rq_pending_overflow{cluster=\"c\"} 1")
        .contains("upstream_cx_overflow{cluster=\"c\"} 1");
    assertThat(backend.slowArrived()).as("the second waits for the only connection").isEqualTo(1);

    backend.release();
    assertThat(first.join().statusCode()).isEqualTo(200);
    assertThat(second.join().statusCode()).isEqualTo(200);
    assertThat(backend.connections()).as("max_connections: 1").isEqualTo(1);
    await().until(() -> fixture.stats().contains("upstream_rq_active{cluster=\"c\"} 0"));
    assertThat(client.get("h", "/").statusCode()).as("permits were returned").isEqualTo(200);
  }

  @Test
  void overMaxRequestsTheRequestGets503AtOnce() {
    Client client = start(new CircuitBreakerThresholds(1024, 1024, 1, 3));
    CompletableFuture<HttpResponse<String>> first = client.getAsync("h", "/slow");
    await().until(() -> backend.slowArrived() == 1);

    HttpResponse<String> second = client.get("h", "/");

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).isEqualTo(OVERFLOW);
    assertThat(backend.requests()).isEqualTo(1);
    assertThat(fixture.stats()).contains("upstream_rq_pending_overflow{cluster=\"c\"} 1");
    backend.release();
    assertThat(first.join().statusCode()).isEqualTo(200);
  }

  @Test
  void countsSurviveAnUpdateOfTheSameCluster() {
    Client client = start(new CircuitBreakerThresholds(1024, 1024, 1, 3));
    CompletableFuture<HttpResponse<String>> first = client.getAsync("h", "/slow");
    await().until(() -> backend.slowArrived() == 1);

    start(new CircuitBreakerThresholds(1024, 1024, 1, 4)); // same cluster, new max_retries

    assertThat(client.get("h", "/").statusCode())
        .as("the in-flight request still holds the only max_requests permit")
        .isEqualTo(503);
    backend.release();
    assertThat(first.join().statusCode()).isEqualTo(200);
    await().until(() -> fixture.stats().contains("upstream_rq_active{cluster=\"c\"} 0"));
    assertThat(client.get("h", "/").statusCode()).isEqualTo(200);
  }
}
