package io.meshbridge.proxy.dataplane.filter;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.LocalRateLimitConfig;
import io.meshbridge.proxy.dataplane.stats.RateLimitStats;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/** One route's local rate limit: its token bucket, enabled/enforced fractions and stats. */
public final class LocalRateLimiter {

  private final LocalRateLimitConfig config;
  private final TokenBucket bucket;
  private final RateLimitStats stats;

  public LocalRateLimiter(LocalRateLimitConfig config, RateLimitStats stats, LongSupplier ticker) {
    this.config = requireNonNull(config, "config");
    this.stats = requireNonNull(stats, "stats");
    this.bucket =
        new TokenBucket(
            config.maxTokens(), config.tokensPerFill(), config.fillInterval().toNanos(), ticker);
  }

  /** Whether a request may go on (true) or is refused with 429 (false). */
  public boolean admit() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (!config.enabled().includes(random.nextLong(config.enabled().denominator()))) {
      return true;
    }
    stats.enabled().increment();
    if (bucket.tryTake()) {
      stats.ok().increment();
      return true;
    }
    stats.rateLimited().increment();
    if (!config.enforced().includes(random.nextLong(config.enforced().denominator()))) {
      return true;
    }
    stats.enforced().increment();
    return false;
  }
}
