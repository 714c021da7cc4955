package io.meshbridge.agent;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The local app in a test: a real HTTP server on loopback whose {@code /healthz} answers 200 or
 * 503 as the test says, and whose {@code /} answers its name.
 */
final class TestApp implements AutoCloseable {

  private final HttpServer server;
  private volatile boolean healthy = true;

  TestApp(String name) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/healthz", exchange -> {
      exchange.sendResponseHeaders(healthy ? 200 : 503, -1);
      exchange.close();
    });
    server.createContext("/", exchange -> {
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void healthy(boolean value) {
    healthy = value;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
