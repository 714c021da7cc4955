package io.meshbridge.proxy.dataplane.lb;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round robin (as in nginx): over every cycle of {@code sum(weights)} picks each
 * index is chosen exactly {@code weight} times, spread out rather than in runs. Equal weights reduce
 * to a plain rotation.
 *
 * <p>One instance is shared by every event loop, so that requests alternate across the whole proxy
 * and not per loop (with per-loop state, new connections landing on alternate loops would each
 * start at the first endpoint). The cycle is computed once, up front, and {@link #pick()} is one
 * atomic increment: no lock on the hot path.
 */
public final class WeightedRoundRobin {

  /** Larger (gcd-reduced) weight totals are scaled down to about this many slots. */
  static final int MAX_CYCLE = 4096;

  private final int[] schedule;
  private final AtomicLong cursor = new AtomicLong();

  /** A balancer over {@code weights.length} choices; every weight must be at least 1. */
  public WeightedRoundRobin(int[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights: [] (expected: at least one)");
    }
    for (int w : weights) {
      if (w < 1) {
        throw new IllegalArgumentException(
            "weights: " + Arrays.toString(weights) + " (expected: >= 1)");
      }
    }
    this.schedule = smoothCycle(reduce(weights));
  }

  /** The index of the next choice. Thread-safe. */
  public int pick() {
    return schedule[(int) Long.remainderUnsigned(cursor.getAndIncrement(), schedule.length)];
  }

  /** Divides by the gcd, then scales a total above {@link #MAX_CYCLE} down (each weight >= 1). */
  static int[] reduce(int[] weights) {
    int g = 0;
    long total = 0;
    for (int w : weights) {
      g = gcd(g, w);
      total += w;
    }
    int[] reduced = new int[weights.length];
    long reducedTotal = total / g;
    for (int i = 0; i < weights.length; i++) {
      int w = weights[i] / g;
      reduced[i] =
          reducedTotal <= MAX_CYCLE ? w : (int) Math.max(1, (long) w * MAX_CYCLE / reducedTotal);
    }
    return reduced;
  }

  private static int[] smoothCycle(int[] weights) {
    int total = Arrays.stream(weights).sum();
    int[] out = new int[total];
    long[] current = new long[weights.length];
    for (int n = 0; n < total; n++) {
      int best = 0;
      for (int i = 0; i < weights.length; i++) {
        current[i] += weights[i];
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      out[n] = best;
    }
    return out;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
