package io.meshbridge.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client sending requests back to back through a proxy while a test changes the mesh: counts
 * what succeeded, what failed (with the reasons), and which backend answered. Bounded: it stops by
 * itself after {@link #MAX_REQUESTS} requests or {@link #MAX_RUNNING}, whichever comes first.
 */
final class ClientLoop implements AutoCloseable {

  static final long MAX_REQUESTS = 200_000;
  static final java.time.Duration MAX_RUNNING = java.time.Duration.ofMinutes(3);

  private final MeshClient client = new MeshClient();
  private final int port;
  private final String host;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ok = new AtomicLong();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, LongAdder> byBackend = new ConcurrentHashMap<>();
  private final Thread thread;

  ClientLoop(int port, String host) {
    this.port = port;
    this.host = host;
    this.thread = new Thread(this::run, "client-loop");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long deadline = System.nanoTime() + MAX_RUNNING.toNanos();
    long sent = 0;
    while (running.get() && sent++ < MAX_REQUESTS && System.nanoTime() < deadline) {
      try {
        MeshClient.Reply r = client.get(port, host);
        if (r.status() == 200) {
          ok.incrementAndGet();
          byBackend.computeIfAbsent(r.backend(), b -> new LongAdder()).increment();
        } else {
          failures.add(r.status() + " " + r.body().strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }
  }

  /** Waits until {@code requests} more have succeeded (failing the test if the loop ended). */
  void awaitMore(long requests) {
    long target = ok.get() + requests;
    org.awaitility.Awaitility.await(requests + " more successful requests")
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> ok.get() >= target || !thread.isAlive());
    if (!thread.isAlive()) {
      throw new AssertionError("the client loop ended early; failures: " + failures());
    }
  }

  long succeeded() {
    return ok.get();
  }

  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  long answeredBy(String backend) {
    LongAdder n = byBackend.get(backend);
    return n == null ? 0 : n.sum();
  }

  /** Stops the loop and waits for its last request to finish, so its counts are final. */
  void stop() {
    running.set(false);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
