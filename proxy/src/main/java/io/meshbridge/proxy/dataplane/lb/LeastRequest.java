package io.meshbridge.proxy.dataplane.lb;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Envoy's LEAST_REQUEST as power of two choices: two distinct endpoints drawn by weight, and of
 * those the one with fewer active requests per unit of weight (the first drawn on a tie). Active
 * requests are counted per endpoint in an {@link AtomicIntegerArray}: lock-free, shared by every
 * event loop; callers {@link #started} and {@link #finished} each request exactly once.
 */
public final class LeastRequest {

  private final WeightedRandom draw;
  private final AtomicIntegerArray active;

  public LeastRequest(int[] weights) {
    this.draw = new WeightedRandom(weights);
    this.active = new AtomicIntegerArray(weights.length);
  }

  public int pick() {
    int a = draw.pick();
    if (draw.size() == 1) {
      return a;
    }
    int b = draw.pickOther(a);
    // active(b)/w(b) < active(a)/w(a), without division
    return (long) active.get(b) * draw.weight(a) < (long) active.get(a) * draw.weight(b) ? b : a;
  }

  public void started(int index) {
    active.incrementAndGet(index);
  }

  public void finished(int index) {
    active.decrementAndGet(index);
  }

  public int active(int index) {
    return active.get(index);
  }
}
