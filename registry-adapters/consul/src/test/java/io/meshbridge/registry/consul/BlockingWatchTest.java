package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.registry.consul.ConsulReads.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking loop's index rules, against a scripted fetch. */
class BlockingWatchTest {

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final List<String> data = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  private record Request(long index, Answer<String> answer) {}

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private BlockingWatch<String> start(long minIntervalNanos) {
    BlockingWatch<String> watch =
        new BlockingWatch<>(
            "test",
            executor,
            (index, answer) -> requests.add(new Request(index, answer)),
            new BlockingWatch.Sink<>() {
              @Override
              public void onData(String body) {
                data.add(body);
              }

              @Override
              public void onFailure(Throwable failure) {
                failures.add(failure);
              }
            },
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)),
            minIntervalNanos,
            System::nanoTime);
    executor.execute(watch::start);
    return watch;
  }

  private Request next() throws InterruptedException {
    Request r = requests.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("a request was sent").isNotNull();
    return r;
  }

  @Test
  void followsTheIndexResetsWhenItGoesBackAndNeverBlocksBelowOne() throws Exception {
    start(0);
    Request first = next();
    assertThat(first.index()).isZero();
    first.answer().onResult("a", 40);
    Request second = next();
    assertThat(second.index()).isEqualTo(40);
    second.answer().onResult("a", 40); // wait expired
    Request third = next();
    assertThat(third.index()).isEqualTo(40);
    third.answer().onResult("b", 7); // went backwards
    Request reset = next();
    assertThat(reset.index()).isZero();
    reset.answer().onResult("b", 0); // a buggy zero index
    assertThat(next().index()).isEqualTo(1);
    assertThat(data).containsExactly("a", "a", "b", "b");
  }

  @Test
  void aFailureBacksOffAndStartsAgainFromZero() throws Exception {
    start(0);
    next().answer().onResult("a", 40);
    next().answer().onFailure(new IOException("connection refused"));
    Request retry = next();
    assertThat(retry.index()).isZero();
    assertThat(failures).hasSize(1);
  }

  @Test
  void answersAfterStopAreDropped() throws Exception {
    BlockingWatch<String> watch = start(0);
    Request first = next();
    executor.submit(watch::stop).get();
    first.answer().onResult("late", 5);
    await().during(Duration.ofMillis(200)).until(() -> requests.isEmpty() && data.isEmpty());
  }

  @Test
  void backToBackAnswersAreRateLimitedAfterABurstOfTwo() throws Exception {
    start(TimeUnit.HOURS.toNanos(1));
    next().answer().onResult("a", 1);
    next().answer().onResult("b", 2);
    // Two requests went at once; the third waits for a token (an hour here).
    await().during(Duration.ofMillis(300)).until(requests::isEmpty);
    assertThat(data).containsExactly("a", "b");
  }
}
