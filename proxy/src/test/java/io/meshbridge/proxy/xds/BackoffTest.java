package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsByTheMultiplierUpToTheMaxAndStartsOverOnReset() {
    Backoff backoff = new Backoff(BackoffPolicy.DEFAULT, () -> 0.5); // 0.5: no jitter

    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void spreadsEachDelayByTheJitterButNeverBeyondTheMax() {
    assertThat(new Backoff(BackoffPolicy.DEFAULT, () -> 0.0).next())
        .isEqualTo(Duration.ofMillis(800));
    assertThat(new Backoff(BackoffPolicy.DEFAULT, () -> 0.999_999).next())
        .isBetween(Duration.ofMillis(1199), Duration.ofMillis(1200));
    Backoff atMax = new Backoff(
        new BackoffPolicy(Duration.ofSeconds(30), 2, Duration.ofSeconds(30), 0.2), () -> 0.99);
    assertThat(atMax.next()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, 2, Duration.ofSeconds(1), 0))
        .hasMessage("initial: PT0S (expected: > 0)");
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0))
        .hasMessage("max: PT1S (expected: >= initial PT2S)");
    assertThatThrownBy(
        () -> new BackoffPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0))
        .hasMessage("multiplier: 0.5 (expected: >= 1)");
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1))
        .hasMessage("jitter: 1.0 (expected: 0 <= jitter < 1)");
  }
}
