package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The policy-specific parts of a cluster's load balancing.
 *
 * @param minRingSize RING_HASH: {@code ring_hash_lb_config.minimum_ring_size} (Envoy: 1024)
 * @param maxRingSize RING_HASH: {@code ring_hash_lb_config.maximum_ring_size} (Envoy: 8M)
 * @param maglevTableSize MAGLEV: {@code maglev_lb_config.table_size}, a prime (Envoy: 65537)
 * @param ewmaDecay PEAK_EWMA: the decay time of the latency average (Linkerd: 10 s)
 * @param localityWeighted {@code common_lb_config.locality_weighted_lb_config}: localities are
 *     drawn by their {@code load_balancing_weight} before a host is picked inside one
 * @param panicThreshold {@code common_lb_config.healthy_panic_threshold} in percent (Envoy: 50; 0
 *     turns panic mode off): see {@link io.meshbridge.proxy.dataplane.lb.Picker}
 */
public record LbSettings(
    long minRingSize,
    long maxRingSize,
    int maglevTableSize,
    Duration ewmaDecay,
    boolean localityWeighted,
    double panicThreshold) {

  public static final long MAX_RING_SIZE = 8 * 1024 * 1024;
  public static final LbSettings DEFAULTS =
      new LbSettings(1024, MAX_RING_SIZE, 65537, Duration.ofSeconds(10), false, 50);

  public LbSettings {
    requireNonNull(ewmaDecay, "ewmaDecay");
    if (minRingSize < 1 || minRingSize > maxRingSize || maxRingSize > MAX_RING_SIZE) {
      throw new IllegalArgumentException(
          "minRingSize/maxRingSize: " + minRingSize + "/" + maxRingSize
              + " (expected: 1 <= min <= max <= " + MAX_RING_SIZE + ")");
    }
    if (maglevTableSize < 2 || !java.math.BigInteger.valueOf(maglevTableSize).isProbablePrime(30)) {
      throw new IllegalArgumentException(
          "maglevTableSize: " + maglevTableSize + " (expected: a prime)");
    }
    if (!(panicThreshold >= 0 && panicThreshold <= 100)) {
      throw new IllegalArgumentException(
          "panicThreshold: " + panicThreshold + " (expected: 0..100)");
    }
    if (ewmaDecay.isNegative() || ewmaDecay.isZero()) {
      throw new IllegalArgumentException("ewmaDecay: " + ewmaDecay + " (expected: > 0)");
    }
  }

  public LbSettings withEwmaDecay(Duration decay) {
    return new LbSettings(
        minRingSize, maxRingSize, maglevTableSize, decay, localityWeighted, panicThreshold);
  }

  public LbSettings withLocalityWeighted(boolean weighted) {
    return new LbSettings(
        minRingSize, maxRingSize, maglevTableSize, ewmaDecay, weighted, panicThreshold);
  }

  public LbSettings withPanicThreshold(double percent) {
    return new LbSettings(
        minRingSize, maxRingSize, maglevTableSize, ewmaDecay, localityWeighted, percent);
  }
}
