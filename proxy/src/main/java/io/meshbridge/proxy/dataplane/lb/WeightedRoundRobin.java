package io.meshbridge.proxy.dataplane.lb;

import java.util.Arrays;

/**
 * Smooth weighted round robin (as in nginx): over every {@code sum(weights)} picks each index is
 * chosen exactly {@code weight} times, spread out rather than in runs. Equal weights reduce to a
 * plain rotation. Not thread-safe: one instance belongs to one event loop.
 */
public final class WeightedRoundRobin {

  private final int[] weights;
  private final long[] current;
  private final long total;
  private final boolean uniform;
  private int next;

  /** A balancer over {@code weights.length} choices; every weight must be at least 1. */
  public WeightedRoundRobin(int[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights: [] (expected: at least one)");
    }
    this.weights = weights.clone();
    this.current = new long[weights.length];
    long sum = 0;
    for (int w : weights) {
      if (w < 1) {
        throw new IllegalArgumentException(
            "weights: " + Arrays.toString(weights) + " (expected: >= 1)");
      }
      sum += w;
    }
    this.total = sum;
    this.uniform = Arrays.stream(weights).allMatch(w -> w == weights[0]);
  }

  /** The index of the next choice. */
  public int pick() {
    if (uniform) {
      int i = next;
      next = i + 1 == weights.length ? 0 : i + 1;
      return i;
    }
    int best = 0;
    for (int i = 0; i < weights.length; i++) {
      current[i] += weights[i];
      if (current[i] > current[best]) {
        best = i;
      }
    }
    current[best] -= total;
    return best;
  }
}
