package io.meshbridge.registry.consul;

import io.meshbridge.registry.consul.ConsulReads.Answer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One blocking-query loop, run on the registry's thread, following Consul's guidance for blocking
 * queries: send the last {@code X-Consul-Index} and wait; if an answer's index is lower than the
 * one sent, start again from 0 (a restored snapshot or a restarted cluster); never block on an
 * index below 1; rate limit with a token bucket of burst 2; after a failure, back off and start
 * again from 0, so that the first answer after an outage is immediate and complete.
 *
 * @param <T> the answer's body
 */
final class BlockingWatch<T> {

  private static final Logger logger = LoggerFactory.getLogger(BlockingWatch.class);

  /** Sends one request with {@code index} (0: do not block). */
  interface Fetch<T> {
    void fetch(long index, Answer<T> answer);
  }

  /** Receives the loop's results on the registry's thread. */
  interface Sink<T> {
    void onData(T body);

    void onFailure(Throwable failure);
  }

  private final String name;
  private final ScheduledExecutorService executor;
  private final Fetch<T> fetch;
  private final Sink<T> sink;
  private final Backoff backoff;
  private final RateLimiter limiter;
  private final LongSupplier ticker;

  // Touched only on the executor's thread.
  private long index;
  private int failures;
  private boolean stopped;

  BlockingWatch(
      String name,
      ScheduledExecutorService executor,
      Fetch<T> fetch,
      Sink<T> sink,
      Backoff backoff,
      long minRequestIntervalNanos,
      LongSupplier ticker) {
    this.name = name;
    this.executor = executor;
    this.fetch = fetch;
    this.sink = sink;
    this.backoff = backoff;
    this.ticker = ticker;
    this.limiter = new RateLimiter(minRequestIntervalNanos, ticker.getAsLong());
  }

  /** Sends the first request (index 0). Call on the executor's thread. */
  void start() {
    send();
  }

  /** Stops the loop; an answer still on its way is dropped. Call on the executor's thread. */
  void stop() {
    stopped = true;
  }

  private void send() {
    if (stopped) {
      return;
    }
    long now = ticker.getAsLong();
    long delay = limiter.delayNanos(now);
    if (delay > 0) {
      schedule(this::send, delay);
      return;
    }
    limiter.take(now);
    long sent = index;
    try {
      fetch.fetch(
          sent,
          new Answer<>() {
            @Override
            public void onResult(T body, long newIndex) {
              run(() -> onAnswer(sent, body, newIndex));
            }

            @Override
            public void onFailure(Throwable failure) {
              run(() -> onError(failure));
            }
          });
    } catch (RuntimeException e) {
      onError(e);
    }
  }

  private void onAnswer(long sent, T body, long newIndex) {
    if (stopped) {
      return;
    }
    if (failures > 0) {
      logger.info("consul watch {}: answering again", name);
    }
    failures = 0;
    if (newIndex < sent) {
      logger.info(
          "consul watch {}: X-Consul-Index went back from {} to {}; starting again from 0",
          name,
          sent,
          newIndex);
      index = 0;
    } else {
      index = Math.max(newIndex, 1);
    }
    deliver(() -> sink.onData(body));
    send();
  }

  private void onError(Throwable failure) {
    if (stopped) {
      return;
    }
    failures++;
    index = 0;
    long delay = backoff.delayNanos(failures);
    if (failures == 1) {
      logger.warn("consul watch {}: {}; retrying with backoff", name, Failures.describe(failure));
    } else {
      logger.debug(
          "consul watch {}: failure {} ({}); next try in {} ms",
          name,
          failures,
          Failures.describe(failure),
          TimeUnit.NANOSECONDS.toMillis(delay));
    }
    deliver(() -> sink.onFailure(failure));
    schedule(this::send, delay);
  }

  private void deliver(Runnable delivery) {
    try {
      delivery.run();
    } catch (RuntimeException e) {
      logger.error("consul watch {}: handling an answer failed", name, e);
    }
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      logger.debug("consul watch {}: answer after close dropped", name);
    }
  }

  private void schedule(Runnable task, long delayNanos) {
    try {
      executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      logger.debug("consul watch {}: closed, not rescheduling", name);
    }
  }
}
