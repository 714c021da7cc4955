package io.meshbridge.pilot.debounce;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.concurrent.SerialExecutor;
import java.time.Duration;

/**
 * Coalesces bursts of change signals into one flush, as Istio's {@code PILOT_DEBOUNCE_AFTER} and
 * {@code PILOT_DEBOUNCE_MAX} do: a flush happens once no signal came for {@code quietPeriod}, or
 * once {@code maxDelay} has passed since the first signal of the burst, whichever comes first.
 *
 * <p>All state lives on the given {@link SerialExecutor}; {@link #signal} may be called from any
 * thread and the flush action runs on that executor.
 */
public final class Debouncer {

  private final SerialExecutor executor;
  private final DebounceSettings settings;
  private final Runnable flush;

  // Touched only from tasks on `executor`.
  private boolean pending;
  private boolean timerScheduled;
  private long firstSignalNanos;
  private long lastSignalNanos;

  public Debouncer(SerialExecutor executor, DebounceSettings settings, Runnable flush) {
    this.executor = requireNonNull(executor, "executor");
    this.settings = requireNonNull(settings, "settings");
    this.flush = requireNonNull(flush, "flush");
  }

  /** Notes a change; the flush follows after the debounce delays. */
  public void signal() {
    executor.execute(this::onSignal);
  }

  private void onSignal() {
    long now = executor.nanoTime();
    if (!pending) {
      pending = true;
      firstSignalNanos = now;
    }
    lastSignalNanos = now;
    if (!timerScheduled) {
      timerScheduled = true;
      executor.schedule(this::onTimer, settings.quietPeriod());
    }
  }

  private void onTimer() {
    timerScheduled = false;
    if (!pending) {
      return;
    }
    long now = executor.nanoTime();
    long quietDue = lastSignalNanos + settings.quietPeriod().toNanos();
    long maxDue = firstSignalNanos + settings.maxDelay().toNanos();
    long due = quietDue - maxDue < 0 ? quietDue : maxDue;
    if (now - due >= 0) {
      pending = false;
      flush.run();
    } else {
      timerScheduled = true;
      executor.schedule(this::onTimer, Duration.ofNanos(due - now));
    }
  }
}
