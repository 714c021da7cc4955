package io.meshbridge.pilot.concurrent;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on one logical thread, like grpc-java's {@code
 * SynchronizationContext}: state touched only from its tasks needs no locks.
 *
 * <p>Time is part of the interface so that tests drive it with a fake clock.
 */
public interface SerialExecutor extends Executor {

  /** Runs {@code task} on this executor once {@code delay} has passed. */
  void schedule(Runnable task, Duration delay);

  /** The current time of this executor's clock, in nanoseconds from an arbitrary origin. */
  long nanoTime();
}
