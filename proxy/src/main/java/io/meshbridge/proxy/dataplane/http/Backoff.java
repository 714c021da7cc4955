package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.RetryPolicy;
import java.util.random.RandomGenerator;

/**
 * Envoy's jittered exponential retry backoff: before retry {@code n} (1-based) wait a uniformly
 * random time in {@code [0, (2^n - 1) × base)}, never more than the maximum.
 */
final class Backoff {

  private Backoff() {}

  static long delayNanos(RetryPolicy policy, int retry, RandomGenerator random) {
    long base = policy.backoffBase().toNanos();
    long max = policy.backoffMax().toNanos();
    int exponent = Math.min(Math.max(retry, 1), 30);
    long upper = (1L << exponent) - 1;
    long bound = upper > max / base ? max : upper * base; // no overflow past the cap
    return Math.min(random.nextLong(bound), max);
  }
}
