package io.meshbridge.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that answers every request with one fixed status (its name in {@code X-Backend}, the
 * request target it got in {@code X-Path}), optionally holding each request until {@link
 * #release()}: the failing, slow or path-reporting endpoint that the traffic-policy tests need next
 * to {@link io.meshbridge.launcher.SampleBackend}.
 */
final class StatusBackend implements AutoCloseable {

  private final String name;
  private final int status;
  private final CountDownLatch gate;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger held = new AtomicInteger();

  private StatusBackend(String name, int status, boolean holding) {
    this.name = name;
    this.status = status;
    this.gate = new CountDownLatch(holding ? 1 : 0);
    this.executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "status-backend-" + name);
              t.setDaemon(true);
              return t;
            });
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("status backend " + name + ": cannot listen", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A backend answering {@code status} at once. */
  static StatusBackend answering(String name, int status) {
    return new StatusBackend(name, status, false);
  }

  /** A backend answering 200, but only once {@link #release()} is called. */
  static StatusBackend holdingUntilReleased(String name) {
    return new StatusBackend(name, 200, true);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
      requests.incrementAndGet();
      held.incrementAndGet();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IOException("status backend " + name + ": never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("status backend " + name + ": interrupted while held", e);
      } finally {
        held.decrementAndGet();
      }
      byte[] reply = (status + " from " + name + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("X-Backend", name);
      exchange.getResponseHeaders().set("X-Path", exchange.getRequestURI().toString());
      exchange.sendResponseHeaders(status, reply.length);
      exchange.getResponseBody().write(reply);
    }
  }

  /** Lets every held request, and all later ones, answer. */
  void release() {
    gate.countDown();
  }

  String name() {
    return name;
  }

  int port() {
    return server.getAddress().getPort();
  }

  long requests() {
    return requests.get();
  }

  /** Requests waiting for {@link #release()} now. */
  int held() {
    return held.get();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
