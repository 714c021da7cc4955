package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DestinationRule {@code connectionPool} through pilot into a real proxy: with one request held
 * by a slow endpoint, concurrent requests beyond the limits get the proxy's local 503, counted in
 * {@code upstream_rq_pending_overflow}. (Named apart from the proxy module's {@code
 * CircuitBreakerIT}, which drives the proxy without pilot.)
 */
class CircuitBreakerE2EIT {

  private static final int CONCURRENT = 6;

  @TempDir Path workDir;

  private LoopbackMesh mesh;
  private final ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);

  @AfterEach
  void tearDown() {
    clients.shutdownNow();
    mesh.close();
  }

  @Test
  void requestsOverTheLimitsGetALocal503AndAreCounted() throws Exception {
    mesh = new LoopbackMesh(workDir);
    StatusBackend slow = StatusBackend.holdingUntilReleased("slow");
    try (slow) {
      mesh.publishPorts(Map.of(slow.name(), slow.port()));
      mesh.writePolicy("""
          apiVersion: networking.istio.io/v1
          kind: DestinationRule
          metadata: {name: hello, namespace: default}
          spec:
            host: hello
            trafficPolicy:
              connectionPool:
                http: {http1MaxPendingRequests: 1, http2MaxRequests: 1}
          """);
      mesh.startWithPolicies(1);
      await("the proxy applied the circuit breakers")
          .atMost(Duration.ofSeconds(20))
          .until(() -> mesh.admin().get("/config_dump").contains("circuit_breakers"));

      MeshClient client = new MeshClient();
      List<Future<MeshClient.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        replies.add(clients.submit(() -> client.get(mesh.servicePort, mesh.authority())));
      }
      // One request in flight (max_requests 1), at most one more waiting: the rest overflow.
      await("the requests over the limits answered while one is held")
          .atMost(Duration.ofSeconds(4))
          .until(() -> slow.held() == 1 && replies.stream().filter(Future::isDone).count()
              >= CONCURRENT - 2);
      slow.release();

      int overflowed = 0;
      for (Future<MeshClient.Reply> f : replies) {
        MeshClient.Reply r = f.get();
        if (r.status() == 503) {
          overflowed++;
        } else {
          assertThat(r.status()).as("%s", r).isEqualTo(200);
          assertThat(r.backend()).isEqualTo("slow");
        }
      }
      assertThat(overflowed).isBetween(CONCURRENT - 2, CONCURRENT - 1);
      assertThat(slow.requests()).isEqualTo(CONCURRENT - overflowed);
      assertThat(mesh.admin().get("/stats/prometheus")).contains(
          "upstream_rq_pending_overflow{cluster=\"" + mesh.cluster() + "\"} " + overflowed);
    }
  }
}
