package io.meshbridge.pilot.debounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.pilot.testing.FakeSerialExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DebouncerTest {

  private final FakeSerialExecutor executor = new FakeSerialExecutor();
  private final AtomicInteger flushes = new AtomicInteger();
  private final Debouncer debouncer =
      new Debouncer(executor, DebounceSettings.DEFAULT, flushes::incrementAndGet);

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void flushesOnceAfterTheQuietPeriod() {
    debouncer.signal();
    executor.advance(ms(99));
    assertThat(flushes).hasValue(0);

    executor.advance(ms(1));
    assertThat(flushes).hasValue(1);

    executor.advance(ms(5_000));
    assertThat(flushes).hasValue(1);
  }

  @Test
  void aBurstIsCoalescedIntoOneFlush() {
    for (int i = 0; i < 5; i++) {
      debouncer.signal();
      executor.advance(ms(50));
    }
    assertThat(flushes).hasValue(0);

    executor.advance(ms(100));
    assertThat(flushes).hasValue(1);
  }

  @Test
  void aBurstThatNeverQuietsFlushesAtMaxDelay() {
    for (int i = 0; i < 25; i++) {
      debouncer.signal();
      executor.advance(ms(50));
      if (i < 19) {
        assertThat(flushes).as("after %d ms", (i + 1) * 50).hasValue(0);
      }
    }
    // 1 s after the first signal, whatever still comes in; the rest makes a second burst.
    assertThat(flushes).hasValue(1);
    executor.advance(ms(100));
    assertThat(flushes).hasValue(2);
  }

  @Test
  void settingsRejectNonsenseNamingTheField() {
    assertThatThrownBy(() -> new DebounceSettings(Duration.ZERO, ms(10)))
        .hasMessage("quietPeriod: PT0S (expected: a positive duration)");
    assertThatThrownBy(() -> new DebounceSettings(ms(100), ms(10)))
        .hasMessage("maxDelay: PT0.01S (expected: at least quietPeriod, PT0.1S)");
  }
}
