package io.meshbridge.model.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.RegistrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RegistryLifecycleTest {

  private final RegistryLifecycle lifecycle = new RegistryLifecycle("test registry r1");

  @Test
  void runsWorkOnOneNamedDaemonThread() throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    lifecycle.start("test-registry-r1", thread -> thread.execute(() -> ran.complete(
        Thread.currentThread())));

    Thread thread = ran.get(10, TimeUnit.SECONDS);
    assertThat(thread.getName()).isEqualTo("test-registry-r1");
    assertThat(thread.isDaemon()).isTrue();
    lifecycle.close(() -> {});
  }

  @Test
  void startsOnceAndNotAfterClose() {
    lifecycle.start("t", thread -> {});
    assertThatThrownBy(() -> lifecycle.start("t", thread -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test registry r1: already started");

    lifecycle.close(() -> {});
    assertThatThrownBy(() -> lifecycle.start("t", thread -> {}))
        .hasMessage("test registry r1: already closed");
  }

  @Test
  void aFailedSetupStopsTheThreadAndPropagates() {
    AtomicReference<ScheduledExecutorService> created = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                lifecycle.start(
                    "t",
                    thread -> {
                      created.set(thread);
                      throw new IllegalArgumentException("cannot connect");
                    }))
        .hasMessage("cannot connect");

    assertThat(created.get().isShutdown()).isTrue();
  }

  @Test
  void closesOnceReleasingFirstAndStoppingTheThread() {
    AtomicReference<ScheduledExecutorService> created = new AtomicReference<>();
    lifecycle.start("t", created::set);
    AtomicInteger released = new AtomicInteger();

    assertThat(lifecycle.close(released::incrementAndGet)).isTrue();
    assertThat(lifecycle.close(released::incrementAndGet)).isFalse();

    assertThat(released).hasValue(1);
    assertThat(created.get().isShutdown()).isTrue();
    assertThat(lifecycle.closed()).isTrue();
  }

  @Test
  void dropsWorkAndSnapshotsAfterClose() {
    AtomicReference<ScheduledExecutorService> created = new AtomicReference<>();
    lifecycle.start("t", created::set);
    List<RegistrySnapshot> delivered = new ArrayList<>();
    Executor onThread = lifecycle.executorUntilClosed(created.get());
    var listener = lifecycle.listenerUntilClosed(delivered::add);
    lifecycle.close(() -> {});

    onThread.execute(() -> {
      throw new AssertionError("ran after close");
    });
    listener.onSnapshot(new RegistrySnapshot("r1", 1, List.of(), List.of(), false, List.of()));

    assertThat(delivered).isEmpty();
  }

  @Test
  void rejectsWorkOnAStoppedThreadWhileOpen() {
    AtomicReference<ScheduledExecutorService> created = new AtomicReference<>();
    lifecycle.start("t", created::set);
    created.get().shutdownNow();

    assertThatThrownBy(() -> lifecycle.executorUntilClosed(created.get()).execute(() -> {}))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    lifecycle.close(() -> {});
  }
}
