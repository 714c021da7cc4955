package io.meshbridge.pilot.xds;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.controlplane.server.ExecutorGroup;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where java-control-plane builds and sends each stream's responses (its {@link ExecutorGroup}):
 * every stream gets a sequential executor of its own (its responses keep their order) over one
 * shared pool of threads, so that a push to 2000 streams is built and serialized on all of them.
 * java-control-plane's default runs every send on the thread that sets the snapshot, pilot's one
 * serializing executor, which then could neither use a second core nor translate the next change
 * until the last stream was served.
 */
final class StreamExecutors implements ExecutorGroup, AutoCloseable {

  private final ExecutorService pool;

  /** A pool of {@code threads} daemon threads named {@code meshbridge-xds-send-N}. */
  StreamExecutors(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: at least 1)");
    }
    AtomicInteger count = new AtomicInteger();
    pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "meshbridge-xds-send-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** One thread per core. */
  static StreamExecutors perCore() {
    return new StreamExecutors(Runtime.getRuntime().availableProcessors());
  }

  /** A new stream's executor: runs its tasks one at a time, in order, on the pool. */
  @Override
  public Executor next() {
    return MoreExecutors.newSequentialExecutor(pool);
  }

  /** Stops the pool once queued sends ran, waiting at most {@code timeout}. */
  void shutdown(Duration timeout) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }
}
