package io.meshbridge.testing.consul;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * The blocking queries parked on the {@link Catalog}'s lock, each on its own condition, so that a
 * write wakes only the queries whose own index it moved past theirs (as Consul's watch sets do),
 * not every waiting query. Every method is called with the catalog's lock held; it guards the set.
 */
final class Waiters {

  /** One parked query: its datacenter, the index it waits to pass and how to read its index. */
  static final class Waiter {
    private final Datacenter datacenter;
    private final long minIndex;
    private final ToLongFunction<Datacenter> index;
    private final Condition wake;

    private Waiter(
        Datacenter datacenter, long minIndex, ToLongFunction<Datacenter> index, Condition wake) {
      this.datacenter = datacenter;
      this.minIndex = minIndex;
      this.index = index;
      this.wake = wake;
    }

    /** Whether the query's data has an index above the one it waits on. */
    boolean changed() {
      return index.applyAsLong(datacenter) > minIndex;
    }

    /** Parks until signalled or {@code nanos} pass; returns the nanos left. */
    long await(long nanos) throws InterruptedException {
      return wake.awaitNanos(nanos);
    }
  }

  private final ReentrantLock lock;
  private final Set<Waiter> parked = Collections.newSetFromMap(new IdentityHashMap<>());

  Waiters(ReentrantLock lock) {
    this.lock = lock;
  }

  Waiter park(Datacenter datacenter, long minIndex, ToLongFunction<Datacenter> index) {
    Waiter w = new Waiter(datacenter, minIndex, index, lock.newCondition());
    parked.add(w);
    return w;
  }

  void leave(Waiter w) {
    parked.remove(w);
  }

  /** After a write: wakes the queries whose index moved past theirs; the others sleep on. */
  void wakeChanged() {
    for (Waiter w : parked) {
      if (w.changed()) {
        w.wake.signal();
      }
    }
  }

  /** Wakes every parked query (the simulator stops). */
  void wakeAll() {
    parked.forEach(w -> w.wake.signal());
  }

  /** How many queries are parked; for tests. */
  int size() {
    return parked.size();
  }
}
