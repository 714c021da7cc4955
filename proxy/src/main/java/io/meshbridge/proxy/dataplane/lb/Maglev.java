package io.meshbridge.proxy.dataplane.lb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Envoy's MAGLEV: a lookup table of prime size {@code M} filled by each host's permutation
 * {@code (offset + skip × j) mod M} with {@code offset = xxHash64(key, 0) mod M} and {@code skip =
 * xxHash64(key, 1) mod (M − 1) + 1}, hosts taking turns in proportion to their weight. A hash
 * goes to {@code table[hash mod M]}. Built once per endpoint change.
 */
public final class Maglev {

  private final int[] table;

  private Maglev(int[] table) {
    this.table = table;
  }

  static Maglev build(int[] members, int[] weights, String[] keys, int tableSize) {
    int n = members.length;
    long sum = Arrays.stream(weights).asLongStream().sum();
    double[] weight = new double[n];
    double maxWeight = 0;
    long[] offset = new long[n];
    long[] skip = new long[n];
    for (int m = 0; m < n; m++) {
      weight[m] = (double) weights[m] / sum;
      maxWeight = Math.max(maxWeight, weight[m]);
      byte[] key = keys[m].getBytes(StandardCharsets.UTF_8);
      offset[m] = Long.remainderUnsigned(XxHash64.hash(key, 0), tableSize);
      skip[m] = Long.remainderUnsigned(XxHash64.hash(key, 1), tableSize - 1) + 1;
    }
    int[] table = new int[tableSize];
    Arrays.fill(table, -1);
    double[] target = new double[n];
    long[] next = new long[n];
    int filled = 0;
    for (long iteration = 1; filled < tableSize; iteration++) {
      for (int m = 0; m < n && filled < tableSize; m++) {
        if (iteration * weight[m] < target[m]) {
          continue; // lighter hosts skip turns
        }
        target[m] += maxWeight;
        int c = slot(offset[m], skip[m], next[m], tableSize);
        while (table[c] >= 0) {
          next[m]++;
          c = slot(offset[m], skip[m], next[m], tableSize);
        }
        table[c] = members[m];
        next[m]++;
        filled++;
      }
    }
    return new Maglev(table);
  }

  private static int slot(long offset, long skip, long j, int size) {
    return (int) ((offset + skip * j) % size);
  }

  /** The endpoint index for {@code hash}. */
  long pick(long hash) {
    return table[(int) Long.remainderUnsigned(hash, table.length)];
  }
}
