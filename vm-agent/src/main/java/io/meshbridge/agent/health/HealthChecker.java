package io.meshbridge.agent.health;

import static java.util.Objects.requireNonNull;

import io.meshbridge.agent.config.HealthCheckConfig;
import io.meshbridge.model.HealthStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the local app every interval on its own thread (probes block: HTTP, connect, a process),
 * and turns results into a status with thresholds: {@code healthyThreshold} passes in a row make
 * it HEALTHY, {@code unhealthyThreshold} failures in a row UNHEALTHY; it starts UNKNOWN. Each
 * change is handed to the listener, on the checker's thread.
 */
public final class HealthChecker implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(HealthChecker.class);

  private final HealthCheckConfig config;
  private final Prober prober;
  private final Consumer<HealthReport> listener;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "health-check");
            t.setDaemon(true);
            return t;
          });

  // Confined to `thread`.
  private int passes;
  private int failures;
  private HealthStatus status = HealthStatus.UNKNOWN;

  private volatile HealthReport report;

  public HealthChecker(
      HealthCheckConfig config, Prober prober, Consumer<HealthReport> listener, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.prober = requireNonNull(prober, "prober");
    this.listener = requireNonNull(listener, "listener");
    this.clock = requireNonNull(clock, "clock");
    this.report = new HealthReport(HealthStatus.UNKNOWN, "not checked yet", clock.instant());
  }

  /** Probes now, then every interval. */
  public void start() {
    thread.scheduleWithFixedDelay(
        this::probeOnce, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The latest status, for the status file. */
  public HealthReport report() {
    return report;
  }

  private void probeOnce() {
    ProbeResult result;
    try {
      result = prober.probe(config.timeout());
    } catch (RuntimeException e) {
      result = ProbeResult.fail(e.toString());
    }
    HealthStatus next = status;
    if (result.passed()) {
      failures = 0;
      if (++passes >= config.healthyThreshold()) {
        next = HealthStatus.HEALTHY;
      }
    } else {
      passes = 0;
      if (++failures >= config.unhealthyThreshold()) {
        next = HealthStatus.UNHEALTHY;
      }
    }
    Instant since = next == status ? report.since() : clock.instant();
    report = new HealthReport(next, result.detail(), since);
    if (next != status) {
      logger.info("local app is {} ({})", next, result.detail());
      status = next;
      try {
        listener.accept(report);
      } catch (RuntimeException e) {
        logger.error("health listener failed on {}", next, e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** The current status, the last probe's detail, and since when the status holds. */
  public record HealthReport(HealthStatus status, String detail, Instant since) {
    public HealthReport {
      requireNonNull(status, "status");
      requireNonNull(detail, "detail");
      requireNonNull(since, "since");
    }
  }
}
