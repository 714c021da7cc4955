package io.meshbridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw TCP backend on 127.0.0.1 that greets every connection with its name and a newline, then
 * echoes every byte back until the client closes: which backend a TCP connection reached, and that
 * bytes flow both ways through the proxy.
 */
final class NamedTcpBackend implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NamedTcpBackend.class);

  private final String name;
  private final ServerSocket socket;
  private final ExecutorService connections = Executors.newCachedThreadPool();
  private final AtomicInteger greeted = new AtomicInteger();

  NamedTcpBackend(String name) {
    this.name = name;
    try {
      this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("TCP backend " + name + ": cannot bind", e);
    }
    connections.execute(this::accepting);
  }

  String name() {
    return name;
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Connections greeted so far. */
  int connections() {
    return greeted.get();
  }

  private void accepting() {
    try {
      while (true) {
        Socket accepted = socket.accept();
        connections.execute(() -> greetAndEcho(accepted));
      }
    } catch (IOException e) {
      if (!socket.isClosed()) {
        log.warn("TCP backend {}: accept failed", name, e);
      }
    }
  }

  private void greetAndEcho(Socket connection) {
    try (connection) {
      connection.getOutputStream().write((name + "\n").getBytes(StandardCharsets.UTF_8));
      greeted.incrementAndGet();
      connection.getInputStream().transferTo(connection.getOutputStream());
    } catch (IOException e) {
      log.debug("TCP backend {}: connection ended: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException("TCP backend " + name + ": close", e);
    } finally {
      connections.shutdownNow();
    }
  }
}
