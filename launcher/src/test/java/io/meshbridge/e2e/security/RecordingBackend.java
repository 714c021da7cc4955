package io.meshbridge.e2e.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app behind a sidecar's inbound port: answers every request 200 {@code <method> <path>} and
 * keeps the {@code x-forwarded-client-cert} header of the last request.
 */
final class RecordingBackend implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicReference<Optional<String>> lastXfcc = new AtomicReference<>(Optional.empty());

  private RecordingBackend(HttpServer server) {
    this.server = server;
  }

  static RecordingBackend start() {
    try {
      RecordingBackend b =
          new RecordingBackend(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
      b.server.createContext("/", b::handle);
      b.server.setExecutor(b.executor);
      b.server.start();
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("backend: cannot listen", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    lastXfcc.set(
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-forwarded-client-cert")));
    exchange.getRequestBody().readAllBytes();
    byte[] body = (exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath())
        .getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The x-forwarded-client-cert of the last request, if it had one. */
  Optional<String> lastXfcc() {
    return lastXfcc.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
