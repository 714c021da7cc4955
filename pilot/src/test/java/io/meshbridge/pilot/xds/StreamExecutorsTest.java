package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamExecutorsTest {

  private final StreamExecutors executors = new StreamExecutors(2);

  @AfterEach
  void close() {
    executors.close();
  }

  @Test
  void aStreamsTasksRunOneAtATimeInOrder() {
    Executor stream = executors.next();
    List<Integer> ran = new CopyOnWriteArrayList<>();
    IntStream.range(0, 1000).forEach(i -> stream.execute(() -> ran.add(i)));

    await().untilAsserted(() -> assertThat(ran).hasSize(1000));
    assertThat(ran).isSorted();
  }

  @Test
  void twoStreamsRunAtTheSameTimeOnTwoThreads() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 2; i++) {
      executors.next().execute(() -> {
        threads.add(Thread.currentThread().getName());
        bothRunning.countDown();
        try {
          bothRunning.await(10, TimeUnit.SECONDS); // only returns early if the other runs too
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }

    assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threads).containsExactlyInAnyOrder("meshbridge-xds-send-1", "meshbridge-xds-send-2");
  }

  @Test
  void needsAThread() {
    assertThatThrownBy(() -> new StreamExecutors(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads: 0 (expected: at least 1)");
  }
}
