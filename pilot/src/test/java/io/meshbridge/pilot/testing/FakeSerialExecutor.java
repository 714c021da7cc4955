package io.meshbridge.pilot.testing;

import io.meshbridge.pilot.concurrent.SerialExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Queue;

/**
 * A {@link SerialExecutor} driven by the test: time moves only with {@link #advance}, and tasks
 * run on the test's thread, in order, when {@link #runPending} or {@link #advance} is called.
 */
public final class FakeSerialExecutor implements SerialExecutor {

  private record Scheduled(long dueNanos, long seq, Runnable task) {}

  private final Queue<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Scheduled> scheduled =
      new PriorityQueue<>(
          (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos)
              : Long.compare(a.seq, b.seq));
  private long nowNanos;
  private long seq;

  @Override
  public void execute(Runnable task) {
    ready.add(task);
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    scheduled.add(new Scheduled(nowNanos + delay.toNanos(), seq++, task));
  }

  @Override
  public long nanoTime() {
    return nowNanos;
  }

  /** Runs every task that is ready now, including those they submit. */
  public void runPending() {
    Runnable task;
    while ((task = ready.poll()) != null) {
      task.run();
    }
  }

  /** Moves time forward, running each scheduled task at its due time. */
  public void advance(Duration duration) {
    long target = nowNanos + duration.toNanos();
    runPending();
    while (!scheduled.isEmpty() && scheduled.peek().dueNanos <= target) {
      Scheduled next = scheduled.poll();
      nowNanos = next.dueNanos;
      next.task.run();
      runPending();
    }
    nowNanos = target;
  }

  public int scheduledCount() {
    return scheduled.size();
  }
}
