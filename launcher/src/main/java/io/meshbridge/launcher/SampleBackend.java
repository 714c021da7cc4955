package io.meshbridge.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP backend for the quickstart and end-to-end tests: answers every request with {@code
 * hello from <name>} so that a client can see which backend served it.
 */
public final class SampleBackend implements AutoCloseable {

  static {
    // The JDK server writes a response's headers and body separately and, by default, leaves
    // Nagle's algorithm on: against a delayed ACK every keep-alive response then waits ~40 ms.
    // Read once, when the first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();

  private SampleBackend(String name, HttpServer server, ExecutorService executor) {
    this.name = name;
    this.server = server;
    this.executor = executor;
  }

  /** Starts a backend on {@code host} and an ephemeral port. */
  public static SampleBackend start(String name, String host) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 128);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "backend-" + name);
                t.setDaemon(true);
                return t;
              });
      SampleBackend backend = new SampleBackend(name, server, executor);
      server.createContext("/", backend::handle);
      server.setExecutor(executor);
      server.start();
      return backend;
    } catch (IOException e) {
      throw new UncheckedIOException("backend " + name + ": cannot listen on " + host, e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
      requests.incrementAndGet();
      byte[] reply = ("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.getResponseHeaders().set("X-Backend", name);
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** How many requests this backend has answered. */
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
