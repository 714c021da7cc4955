package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstOfTwoThenOnePerInterval() {
    RateLimiter limiter = new RateLimiter(SECOND, 0);
    assertThat(limiter.delayNanos(0)).isZero();
    limiter.take(0);
    assertThat(limiter.delayNanos(0)).isZero();
    limiter.take(0);
    assertThat(limiter.delayNanos(0)).isEqualTo(SECOND);
    assertThat(limiter.delayNanos(SECOND / 4)).isEqualTo(3 * SECOND / 4);
    assertThat(limiter.delayNanos(SECOND)).isZero();
    limiter.take(SECOND);
    // Quiet for long: the bucket fills up to 2, not more.
    assertThat(limiter.delayNanos(100 * SECOND)).isZero();
    limiter.take(100 * SECOND);
    limiter.take(100 * SECOND);
    assertThat(limiter.delayNanos(100 * SECOND)).isPositive();
  }

  @Test
  void zeroIntervalNeverWaits() {
    RateLimiter limiter = new RateLimiter(0, 0);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.delayNanos(0)).isZero();
      limiter.take(0);
    }
  }

  @Test
  void backoffDoublesUpToTheMaxWithJitter() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThat(backoff.delayNanos(1)).isBetween(800_000_000L, 1_200_000_000L);
    assertThat(backoff.delayNanos(3)).isBetween(3_200_000_000L, 4_800_000_000L);
    assertThat(backoff.delayNanos(50)).isBetween(24 * SECOND, 36 * SECOND);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("retryBackoff: PT2S..PT1S (expected: 0 < min <= max)");
  }
}
