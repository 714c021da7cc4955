package io.meshbridge.proxy.dataplane.lb;

import io.meshbridge.proxy.config.LbSettings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Envoy's RING_HASH (ketama): each host gets points {@code xxHash64("<host:port>_<i>")} in
 * proportion to its weight, scaled so the lightest host has a whole number of them and the ring
 * has at least {@code minimum_ring_size} (at most {@code maximum_ring_size}) points. A hash goes
 * to the first point at or after it, wrapping around. Built once per endpoint change.
 */
public final class RingHash {

  /** Point hashes, sorted as unsigned numbers. */
  private final long[] points;
  /** The endpoint index owning each point. */
  private final int[] owners;

  private RingHash(long[] points, int[] owners) {
    this.points = points;
    this.owners = owners;
  }

  static RingHash build(int[] members, int[] weights, String[] keys, LbSettings settings) {
    double sum = Arrays.stream(weights).asLongStream().sum();
    double minNormalized = Arrays.stream(weights).min().orElseThrow() / sum;
    double scale =
        Math.min(
            Math.ceil(minNormalized * settings.minRingSize()) / minNormalized,
            (double) settings.maxRingSize());
    int size = (int) Math.ceil(scale) + members.length;
    long[] hashes = new long[size]; // unsigned order as signed: sign bit flipped
    int[] ownerOf = new int[size];
    int n = 0;
    double current = 0;
    double target = 0;
    for (int m = 0; m < members.length; m++) {
      target += scale * (weights[m] / sum);
      for (int i = 0; current < target; i++, current++) {
        byte[] key = (keys[m] + "_" + i).getBytes(StandardCharsets.UTF_8);
        hashes[n] = XxHash64.hash(key, 0) ^ Long.MIN_VALUE;
        ownerOf[n++] = members[m];
      }
    }
    // Primitive arrays, not a boxed pair per point: a ring may have millions of points.
    long[] sorted = Arrays.copyOf(hashes, n);
    Arrays.sort(sorted);
    int[] owners = new int[n];
    Arrays.fill(owners, -1);
    for (int j = 0; j < n; j++) {
      int at = Arrays.binarySearch(sorted, hashes[j]);
      while (at > 0 && sorted[at - 1] == hashes[j]) {
        at--; // the first of equal hashes (a 64-bit collision), then the next free one
      }
      while (owners[at] >= 0) {
        at++;
      }
      owners[at] = ownerOf[j];
    }
    long[] points = new long[n];
    for (int j = 0; j < n; j++) {
      points[j] = sorted[j] ^ Long.MIN_VALUE;
    }
    return new RingHash(points, owners);
  }

  /** The endpoint index for {@code hash}. */
  long pick(long hash) {
    int low = 0;
    int high = points.length; // first point >= hash, unsigned; points.length wraps to 0
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(points[mid], hash) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return owners[low == points.length ? 0 : low];
  }

  int size() {
    return points.length;
  }
}
