package io.meshbridge.proxy.dataplane.snapshot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import io.meshbridge.proxy.dataplane.lb.OutlierDetector;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * What one cluster keeps across config updates of the same name: its circuit breaker counts and
 * its outlier detector (host states and the interval timer). Created, updated and closed by {@link
 * Snapshot#build}, on the environment's serializing executor.
 */
public final class ClusterRuntime {

  private final String cluster;
  private final ClusterStats stats;
  private final ClusterEnvironment env;
  private final CircuitBreakers breakers;
  private final OriginalDstHosts originalDstHosts;
  // Confined to the environment's executor.
  private @Nullable OutlierDetector detector;
  private @Nullable ScheduledFuture<?> ticks;
  private long tickNanos;

  ClusterRuntime(ClusterConfig config, ClusterStats stats, ClusterEnvironment env) {
    this.cluster = config.name();
    this.stats = requireNonNull(stats, "stats");
    this.env = requireNonNull(env, "env");
    this.breakers =
        new CircuitBreakers(
            config.circuitBreakers(),
            stats.cxOverflow(),
            stats.pendingOverflow(),
            stats.retryOverflow());
    this.originalDstHosts = new OriginalDstHosts(env.nanoTime());
    stats.activeRequests(
        () -> breakers.inUse(CircuitBreakers.Resource.PENDING_REQUESTS),
        () -> breakers.inUse(CircuitBreakers.Resource.REQUESTS));
    update(config);
  }

  /** A runtime for tests and callers without a scheduler: breakers only, no detection timer. */
  static ClusterRuntime standalone(ClusterConfig config, ClusterStats stats) {
    return new ClusterRuntime(config, stats, ClusterEnvironment.MANUAL);
  }

  public CircuitBreakers breakers() {
    return breakers;
  }

  /** The hosts of an ORIGINAL_DST cluster, created per original destination (empty otherwise). */
  public OriginalDstHosts originalDstHosts() {
    return originalDstHosts;
  }

  /** The outlier detector, or null when the cluster has no {@code outlier_detection}. */
  public @Nullable OutlierDetector detector() {
    return detector;
  }

  /** Applies the cluster's latest config: thresholds, detection on, off or changed. */
  void update(ClusterConfig config) {
    breakers.update(config.circuitBreakers());
    OutlierDetectionConfig od = config.outlierDetection();
    if (od == null) {
      stopDetection();
      return;
    }
    if (detector == null) {
      detector =
          new OutlierDetector(
              cluster, od, env.serial(), env.nanoTime(), stats.ejectionsActive(),
              stats.ejectionsTotal());
    } else {
      detector.update(od);
    }
    long interval = od.interval().toNanos();
    if (ticks == null || tickNanos != interval) { // (MANUAL: always null, rescheduled no-op)
      cancelTicks();
      OutlierDetector d = detector;
      ticks = env.scheduleEvery(interval, d::onInterval);
      tickNanos = interval;
    }
  }

  /** The cluster is gone. */
  void close() {
    stopDetection();
  }

  private void stopDetection() {
    cancelTicks();
    if (detector != null) {
      stats.ejectionsActive().set(0);
      detector = null;
    }
  }

  private void cancelTicks() {
    ScheduledFuture<?> t = ticks;
    ticks = null;
    if (t != null) {
      t.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "ClusterRuntime[" + cluster + "]";
  }
}
