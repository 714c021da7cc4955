package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** A sequence of delays following a {@link BackoffPolicy}. Not thread-safe. */
final class Backoff {

  private final BackoffPolicy policy;
  private final DoubleSupplier random;
  private double nextNanos;

  Backoff(BackoffPolicy policy) {
    this(policy, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** @param random uniform in [0, 1) */
  Backoff(BackoffPolicy policy, DoubleSupplier random) {
    this.policy = requireNonNull(policy, "policy");
    this.random = requireNonNull(random, "random");
    reset();
  }

  /** The next delay. */
  Duration next() {
    double current = nextNanos;
    nextNanos = Math.min(current * policy.multiplier(), policy.max().toNanos());
    double spread = 1 + policy.jitter() * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos((long) Math.min(current * spread, policy.max().toNanos()));
  }

  /** Starts over from the initial delay. */
  void reset() {
    nextNanos = policy.initial().toNanos();
  }
}
