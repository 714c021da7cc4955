package io.meshbridge.proxy.dataplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Where clusters' timers run and what time it is: the data plane's control thread (which also
 * builds snapshots, so detectors and snapshots share one serializing executor) and a ticker.
 *
 * @param scheduler the serializing scheduler; null runs tasks inline and never ticks (tests)
 * @param nanoTime the ticker
 */
public record ClusterEnvironment(
    @Nullable ScheduledExecutorService scheduler, LongSupplier nanoTime) {

  /** Inline execution, no timers, the system ticker: for tests that drive detectors by hand. */
  public static final ClusterEnvironment MANUAL = new ClusterEnvironment(null, System::nanoTime);

  public ClusterEnvironment {
    requireNonNull(nanoTime, "nanoTime");
  }

  Executor serial() {
    ScheduledExecutorService s = scheduler;
    return s == null ? Runnable::run : s;
  }

  @Nullable ScheduledFuture<?> scheduleEvery(long nanos, Runnable task) {
    ScheduledExecutorService s = scheduler;
    return s == null ? null : s.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }
}
