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
    int size = (int) Math.ceil(scale);
    long[][] entries = new long[size + members.length][];
    int n = 0;
    double current = 0;
    double target = 0;
    for (int m = 0; m < members.length; m++) {
      target += scale * (weights[m] / sum);
      for (int i = 0; current < target; i++, current++) {
        byte[] key = (keys[m] + "_" + i).getBytes(StandardCharsets.UTF_8);
        entries[n++] = new long[] {XxHash64.hash(key, 0), members[m]};
      }
    }
    long[][] ring = Arrays.copyOf(entries, n);
    Arrays.sort(ring, (a, b) -> Long.compareUnsigned(a[0], b[0]));
    long[] points = new long[n];
    int[] owners = new int[n];
    for (int i = 0; i < n; i++) {
      points[i] = ring[i][0];
      owners[i] = (int) ring[i][1];
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
