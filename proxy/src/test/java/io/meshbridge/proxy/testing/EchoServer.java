package io.meshbridge.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw TCP (or TLS) echo backend on 127.0.0.1, a thread per connection: every byte read is written
 * back; on the client's EOF it shuts its own output (half-close), then closes. Counts connections.
 */
public final class EchoServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EchoServer.class);

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger accepted = new AtomicInteger();
  private final boolean tls;

  private EchoServer(ServerSocketFactory factory, boolean tls) {
    this.tls = tls;
    try {
      server = factory.createServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.execute(this::acceptLoop);
  }

  public static EchoServer start() {
    return new EchoServer(ServerSocketFactory.getDefault(), false);
  }

  /** A TLS echo server presenting the certificate of {@code context}. */
  public static EchoServer startTls(SSLContext context) {
    return new EchoServer(context.getServerSocketFactory(), true);
  }

  public int port() {
    return server.getLocalPort();
  }

  public int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.incrementAndGet();
        threads.execute(() -> echo(s));
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("accept failed", e);
        }
      }
    }
  }

  private void echo(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[64 * 1024];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
      if (!tls) {
        s.shutdownOutput(); // SSLSocket closes instead (close_notify)
      }
    } catch (IOException e) {
      log.debug("echo connection ended: {}", e.toString());
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.shutdownNow();
  }
}
