package io.meshbridge.pilot.concurrent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SerialExecutor} on one named daemon thread with the system clock.
 *
 * <p>A task that throws is logged and does not stop the thread. Tasks submitted after {@link
 * #close} are dropped with a debug log: shutting down is the only time that happens.
 */
public final class ScheduledSerialExecutor implements SerialExecutor, AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(ScheduledSerialExecutor.class);

  private final ScheduledExecutorService executor;
  private final String name;

  public ScheduledSerialExecutor(String threadName) {
    this.name = requireNonNull(threadName, "threadName");
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    requireNonNull(task, "task");
    try {
      executor.execute(() -> runLogged(task));
    } catch (RejectedExecutionException e) {
      logger.debug("{}: task dropped after close", name, e);
    }
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    requireNonNull(task, "task");
    try {
      executor.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      logger.debug("{}: scheduled task dropped after close", name, e);
    }
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /** Stops the thread after the task in progress, waiting at most {@code timeout} for it. */
  public void close(Duration timeout) {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        logger.warn("{}: a task was still running {} after close", name, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      logger.error("{}: task failed", name, e);
    }
  }
}
