package io.meshbridge.model.support;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The life of one registry adapter: started at most once, closed at most once, with one daemon
 * thread of its own on which all of its state lives (grpc-java's {@code SynchronizationContext},
 * one per adapter). After {@link #close}, work handed to the thread and snapshots handed to the
 * listener are dropped, so late callbacks from a registry client do nothing.
 *
 * <p>The lock guards only the started/closed transitions and the thread reference, and is held
 * while the adapter sets up or releases its client in {@link #start} and {@link #close}, so the
 * two never interleave.
 */
public final class RegistryLifecycle {

  private final String description;
  private final Object lock = new Object();
  private boolean started; // guarded by lock
  private volatile boolean closed;
  private @Nullable ScheduledThreadPoolExecutor thread; // guarded by lock

  /** @param description names the adapter in errors, e.g. {@code "zookeeper registry zk1"} */
  public RegistryLifecycle(String description) {
    this.description = requireNonNull(description, "description");
  }

  /**
   * Marks the adapter started, creates its thread {@code threadName} and runs {@code setup} with
   * it. If {@code setup} throws, the thread is stopped and the exception propagates; the adapter
   * stays started (it cannot be started again).
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start(String threadName, Consumer<ScheduledExecutorService> setup) {
    requireNonNull(threadName, "threadName");
    requireNonNull(setup, "setup");
    synchronized (lock) {
      if (closed || started) {
        throw new IllegalStateException(
            description + ": already " + (closed ? "closed" : "started"));
      }
      started = true;
      ScheduledThreadPoolExecutor created =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread t = new Thread(task, threadName);
                t.setDaemon(true);
                return t;
              });
      created.setRemoveOnCancelPolicy(true);
      try {
        setup.accept(created);
      } catch (RuntimeException | Error e) {
        created.shutdownNow();
        throw e;
      }
      thread = created;
    }
  }

  /** Whether {@link #close} has been called. */
  public boolean closed() {
    return closed;
  }

  /**
   * An executor onto {@code thread} that drops tasks once the adapter is closed (a registry
   * client's callbacks may still arrive then), and otherwise rejects as the thread does.
   */
  public Executor executorUntilClosed(Executor thread) {
    requireNonNull(thread, "thread");
    return task -> {
      if (closed) {
        return;
      }
      try {
        thread.execute(task);
      } catch (RejectedExecutionException e) {
        if (!closed) {
          throw e;
        }
        // Closed meanwhile: nothing more is to be read or published.
      }
    };
  }

  /** {@code listener}, dropping snapshots once the adapter is closed. */
  public SnapshotListener listenerUntilClosed(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    return snapshot -> {
      if (!closed) {
        listener.onSnapshot(snapshot);
      }
    };
  }

  /**
   * Closes once: runs {@code release} (the adapter's clients and watchers), then stops the
   * thread. Later calls do nothing.
   *
   * @return whether this call closed the adapter
   */
  public boolean close(Runnable release) {
    requireNonNull(release, "release");
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      try {
        release.run();
      } finally {
        if (thread != null) {
          thread.shutdownNow();
        }
      }
      return true;
    }
  }
}
