package io.meshbridge.proxy.xds;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a stateful component's state is confined to (grpc-java's SynchronizationContext
 * idea): runs tasks in order, logs what a task throws instead of losing it in a future, and drops
 * tasks handed to it after shutdown.
 */
final class SerialExecutor implements Executor {

  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final ScheduledExecutorService thread;

  SerialExecutor(String threadName) {
    thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void execute(Runnable task) {
    try {
      thread.execute(() -> runLogged(task));
    } catch (RejectedExecutionException e) {
      log.debug("Shut down; dropping a task", e);
    }
  }

  /** Runs {@code task} after {@code delay}; cancel the returned future to drop it. */
  Future<?> schedule(Runnable task, Duration delay) {
    try {
      return thread.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Shut down; not scheduling a task", e);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Runs the tasks already handed over, then stops; waits at most {@code timeout} for that. */
  void shutdown(Duration timeout) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn("Thread did not stop within {} ms", timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("Task failed", e);
    }
  }
}
