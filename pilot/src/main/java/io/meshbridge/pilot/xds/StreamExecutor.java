package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One xDS stream's serializing executor ({@link StreamExecutors}): runs its tasks one at a time, in
 * submission order, on a shared pool, so state touched only from its tasks needs no locks.
 *
 * <p>A turn on the pool runs at most {@link #TURN} tasks, then yields the thread to other
 * streams: a stream with a long queue (a push of every type at once) does not hold a thread while
 * 2000 others wait. A task that throws is logged and the next one runs.
 */
final class StreamExecutor implements Executor {

  private static final Logger logger = LoggerFactory.getLogger(StreamExecutor.class);

  /** Tasks per turn on the pool. */
  static final int TURN = 8;

  private final Executor pool;
  private final LongAdder pending;
  private final String name;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** True from the moment a turn is handed to the pool until that turn found the queue empty. */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param pending counts the tasks queued and not yet run, with other streams' (diagnostics)
   */
  StreamExecutor(Executor pool, LongAdder pending, String name) {
    this.pool = requireNonNull(pool, "pool");
    this.pending = requireNonNull(pending, "pending");
    this.name = requireNonNull(name, "name");
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(requireNonNull(task, "task"));
    pending.increment();
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(this::turn);
      } catch (RuntimeException e) {
        scheduled.set(false);
        throw e;
      }
    }
  }

  private void turn() {
    for (int i = 0; i < TURN; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        break;
      }
      pending.decrement();
      try {
        task.run();
      } catch (RuntimeException e) {
        logger.error("xDS {}: a task failed; the stream's next tasks still run", name, e);
      }
    }
    scheduled.set(false);
    if (!tasks.isEmpty()) { // more came, or the turn was used up: another turn
      schedule();
    }
  }

  @Override
  public String toString() {
    return "StreamExecutor[" + name + "]";
  }
}
