package io.meshbridge.proxy.dataplane.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void startsFullRefillsPerIntervalAndNeverAboveTheMax() {
    TokenBucket bucket = new TokenBucket(3, 2, 100, now::get);
    assertThat(takes(bucket, 5)).isEqualTo(3);
    now.addAndGet(99);
    assertThat(bucket.tryTake()).isFalse();
    now.addAndGet(1); // one fill: 2 tokens
    assertThat(takes(bucket, 5)).isEqualTo(2);
    now.addAndGet(10_000); // many fills, capped at 3
    assertThat(bucket.available()).isEqualTo(3);
    assertThat(takes(bucket, 5)).isEqualTo(3);
  }

  @Test
  void partialIntervalsAreKeptForTheNextFill() {
    TokenBucket bucket = new TokenBucket(1, 1, 100, now::get);
    assertThat(bucket.tryTake()).isTrue();
    now.addAndGet(150); // one fill, 50 ns towards the next
    assertThat(bucket.tryTake()).isTrue();
    now.addAndGet(50);
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isFalse();
  }

  @Test
  void concurrentTakersNeverGetMoreThanTheTokens() {
    TokenBucket bucket = new TokenBucket(1000, 1, Long.MAX_VALUE / 4, now::get);
    long taken =
        IntStream.range(0, 4000).parallel().filter(i -> bucket.tryTake()).count();
    assertThat(taken).isEqualTo(1000);
  }

  private static int takes(TokenBucket bucket, int tries) {
    int ok = 0;
    for (int i = 0; i < tries; i++) {
      ok += bucket.tryTake() ? 1 : 0;
    }
    return ok;
  }
}
