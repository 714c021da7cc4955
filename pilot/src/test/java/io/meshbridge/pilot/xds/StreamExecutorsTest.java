package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
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
    StreamExecutor stream = executors.newStream();
    List<Integer> ran = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    IntStream.range(0, 1000)
        .forEach(
            i ->
                stream.execute(
                    () -> {
                      if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                      }
                      ran.add(i);
                      running.decrementAndGet();
                    }));

    await().untilAsserted(() -> assertThat(ran).hasSize(1000));
    assertThat(ran).isSorted();
    assertThat(overlaps).hasValue(0);
    assertThat(executors.pending()).isZero();
  }

  @Test
  void twoStreamsRunAtTheSameTimeOnTwoThreads() throws InterruptedException {
    CountDownLatch bothRunning = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 2; i++) {
      executors
          .newStream()
          .execute(
              () -> {
                threads.add(Thread.currentThread().getName());
                bothRunning.countDown();
                try {
                  bothRunning.await(10, TimeUnit.SECONDS); // returns early only if the other runs
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }

    assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threads).containsExactlyInAnyOrder("meshbridge-xds-1", "meshbridge-xds-2");
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheStream() {
    StreamExecutor stream = executors.newStream();
    List<String> ran = new CopyOnWriteArrayList<>();
    stream.execute(
        () -> {
          throw new IllegalStateException("boom");
        });
    stream.execute(() -> ran.add("after"));

    await().untilAsserted(() -> assertThat(ran).containsExactly("after"));
  }

  @Test
  void closeStopsTheThreadsAndLaterTasksAreDropped() {
    StreamExecutor stream = executors.newStream();
    List<String> ran = new CopyOnWriteArrayList<>();
    stream.execute(() -> ran.add("before"));
    await().untilAsserted(() -> assertThat(ran).containsExactly("before"));

    executors.close();

    assertThat(executors.isTerminated()).isTrue(); // every thread has ended
    stream.execute(() -> ran.add("after")); // no exception: the pilot is closing
    executors.newStream().execute(() -> ran.add("new stream"));
    assertThat(ran).containsExactly("before");
  }

  @Test
  void aCallsCallbacksRunOnItsExecutorAfterWhatWasQueuedBefore() {
    ManualExecutor pool = new ManualExecutor();
    StreamExecutors manual = new StreamExecutors(pool);
    Context.Key<String> identity = Context.key("identity");
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicReference<@Nullable Executor> sendOn = new AtomicReference<>();
    ServerCall.Listener<String> listener;
    Context previous = Context.current().withValue(identity, "spiffe://a").attach();
    try {
      listener =
          manual.interceptCall(
              new NoCall(),
              new Metadata(),
              (call, headers) -> {
                sendOn.set(manual.next()); // java-control-plane asks while opening the stream
                return new ServerCall.Listener<>() {
                  @Override
                  public void onMessage(String message) {
                    events.add(message + " as " + identity.get());
                  }

                  @Override
                  public void onCancel() {
                    events.add("cancel");
                  }
                };
              });
    } finally {
      Context.current().detach(previous);
    }
    Executor stream = java.util.Objects.requireNonNull(sendOn.get());

    stream.execute(() -> events.add("send 1")); // a response queued by pilot's thread
    listener.onMessage("request"); // then the proxy's next request arrives
    stream.execute(() -> events.add("send 2"));
    listener.onCancel();

    assertThat(events).isEmpty(); // nothing ran on gRPC's thread
    pool.runAll();
    assertThat(events).containsExactly("send 1", "request as spiffe://a", "send 2", "cancel");
  }

  @Test
  void aStreamOpenedWithoutTheInterceptorIsRefused() {
    assertThatThrownBy(executors::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("xDS stream opened without StreamExecutors.interceptCall");
  }

  @Test
  void withoutThreadsATaskRunsOnTheThreadThatHandsItToAnIdleStream() throws InterruptedException {
    StreamExecutors inline = new StreamExecutors(0);
    StreamExecutor stream = inline.newStream();
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch letFirstEnd = new CountDownLatch(1);
    Thread other =
        new Thread(
            () ->
                stream.execute(
                    () -> {
                      firstRunning.countDown();
                      await().until(() -> letFirstEnd.getCount() == 0);
                      ran.add("first on " + Thread.currentThread().getName());
                    }),
            "other");
    other.start();
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();

    stream.execute(() -> ran.add("second on " + Thread.currentThread().getName()));
    assertThat(ran).isEmpty(); // queued behind the first, not run on this thread
    letFirstEnd.countDown();
    other.join(10_000);

    assertThat(ran).containsExactly("first on other", "second on other");
    stream.execute(() -> ran.add("third on " + Thread.currentThread().getName()));
    assertThat(ran).last().isEqualTo("third on " + Thread.currentThread().getName());
    inline.close();
  }

  @Test
  void threadsCannotBeNegative() {
    assertThatThrownBy(() -> new StreamExecutors(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads: -1 (expected: >= 0)");
  }

  /** Runs what is handed to it when told, on the test's thread. */
  static final class ManualExecutor implements Executor {
    private final Queue<Runnable> queued = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      queued.add(task);
    }

    void runAll() {
      while (runNext()) {
        // until nothing is queued
      }
    }

    /** Runs the oldest task handed over; false if there was none. */
    boolean runNext() {
      Runnable next = poll();
      if (next == null) {
        return false;
      }
      next.run();
      return true;
    }

    private synchronized @Nullable Runnable poll() {
      return queued.poll();
    }
  }

  /** A call nothing is sent on. */
  private static final class NoCall extends ServerCall<String, String> {
    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(String message) {}

    @Override
    public void close(io.grpc.Status status, Metadata trailers) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public io.grpc.MethodDescriptor<String, String> getMethodDescriptor() {
      throw new UnsupportedOperationException("not needed");
    }
  }
}
