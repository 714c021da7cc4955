package io.meshbridge.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.config.HealthCheckConfig;
import io.meshbridge.model.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {

  /** Results the test feeds one by one; the checker's thread takes the next per probe. */
  private final LinkedBlockingQueue<Boolean> results = new LinkedBlockingQueue<>();
  private final List<HealthStatus> changes = new CopyOnWriteArrayList<>();

  private HealthChecker checker(int healthy, int unhealthy) {
    HealthCheckConfig config = new HealthCheckConfig(new HealthCheckConfig.Command(List.of("x")),
        Duration.ofMillis(1), Duration.ofMillis(1), healthy, unhealthy);
    Prober prober = timeout -> {
      try {
        return results.take() ? ProbeResult.pass("ok") : ProbeResult.fail("bad");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ProbeResult.fail("interrupted");
      }
    };
    return new HealthChecker(config, prober, r -> changes.add(r.status()), Clock.systemUTC());
  }

  @Test
  void thresholdsNeedConsecutiveResults() {
    try (HealthChecker checker = checker(2, 3)) {
      checker.start();
      results.addAll(List.of(true, false, true, true));
      await().until(() -> changes.equals(List.of(HealthStatus.HEALTHY)));
      results.addAll(List.of(false, false, true, false, false, false));
      await().until(() -> changes.equals(List.of(HealthStatus.HEALTHY, HealthStatus.UNHEALTHY)));
      await().until(results::isEmpty);
      assertThat(checker.report().status()).isEqualTo(HealthStatus.UNHEALTHY);
      assertThat(checker.report().detail()).isEqualTo("bad");
    }
  }

  @Test
  void realProbesReportWhy() {
    ProbeResult tcp = Prober.of(new HealthCheckConfig.Tcp("127.0.0.1", 1)).probe(Duration.ofSeconds(1));
    assertThat(tcp.passed()).isFalse();
    assertThat(tcp.detail()).startsWith("tcp 127.0.0.1:1: ");
    assertThat(Prober.of(new HealthCheckConfig.Command(List.of("true"))).probe(Duration.ofSeconds(5)))
        .isEqualTo(new ProbeResult(true, "exit 0"));
    assertThat(Prober.of(new HealthCheckConfig.Command(List.of("false"))).probe(Duration.ofSeconds(5)))
        .isEqualTo(new ProbeResult(false, "exit 1"));
    assertThat(Prober.of(new HealthCheckConfig.Command(List.of("sleep", "30")))
            .probe(Duration.ofMillis(100)).detail())
        .isEqualTo("command timed out after 100 ms");
  }
}
