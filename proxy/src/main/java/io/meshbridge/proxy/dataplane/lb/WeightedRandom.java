package io.meshbridge.proxy.dataplane.lb;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws an index in proportion to its weight (weight 0: never), from the caller's thread-local
 * random. Immutable, so shared by every event loop without coordination.
 */
public final class WeightedRandom {

  /** cumulative[i] = weights[0] + ... + weights[i]. */
  private final long[] cumulative;

  /** @param weights each at least 0, summing to at least 1 */
  public WeightedRandom(int[] weights) {
    cumulative = new long[weights.length];
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        throw new IllegalArgumentException(
            "weights: " + Arrays.toString(weights) + " (expected: >= 0)");
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    if (sum < 1) {
      throw new IllegalArgumentException(
          "weights: " + Arrays.toString(weights) + " (expected: summing to at least 1)");
    }
  }

  public int size() {
    return cumulative.length;
  }

  public long total() {
    return cumulative[cumulative.length - 1];
  }

  public long weight(int index) {
    return cumulative[index] - (index == 0 ? 0 : cumulative[index - 1]);
  }

  /** A random index, in proportion to the weights. */
  public int pick() {
    return indexOf(ThreadLocalRandom.current().nextLong(total()));
  }

  /**
   * A random index other than {@code excluded}, in proportion to the weights of the others; {@code
   * excluded} itself when no other has weight.
   */
  public int pickOther(int excluded) {
    long rest = total() - weight(excluded);
    if (rest < 1) {
      return excluded;
    }
    long r = ThreadLocalRandom.current().nextLong(rest);
    long before = excluded == 0 ? 0 : cumulative[excluded - 1];
    return indexOf(r >= before ? r + weight(excluded) : r);
  }

  /** The index whose weight range holds {@code point} (0 <= point < total). */
  int indexOf(long point) {
    int i = Arrays.binarySearch(cumulative, point + 1);
    return i >= 0 ? firstAt(i) : -i - 1;
  }

  /** The lowest index with the same cumulative value (skips zero-weight entries before it). */
  private int firstAt(int i) {
    while (i > 0 && cumulative[i - 1] == cumulative[i]) {
      i--;
    }
    return i;
  }
}
