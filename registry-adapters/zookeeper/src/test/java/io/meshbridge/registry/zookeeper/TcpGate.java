package io.meshbridge.registry.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback in front of a server, that a test can close like a network
 * partition: {@link #cut()} drops every connection and refuses new ones until {@link #heal()}.
 * The server keeps running, so others can change it meanwhile and its sessions can expire.
 */
final class TcpGate implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  TcpGate(int targetPort) {
    this.targetPort = targetPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "tcp-gate-" + targetPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String connectString() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Drops every connection; new ones are closed as soon as they are accepted. */
  void cut() {
    open = false;
    sockets.forEach(TcpGate::closeQuietly);
    sockets.clear();
  }

  void heal() {
    open = true;
  }

  @Override
  public void close() {
    cut();
    closeQuietly(listener);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!open) {
        closeQuietly(client);
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
      } catch (IOException e) {
        // The server is down: the client sees its connection fail, as it would without us.
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      sockets.add(client);
      sockets.add(server);
      pipe(client, server);
      pipe(server, client);
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // Closed by cut() or by either side: the other side is closed below.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-gate-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing a socket that is already broken: nothing left to release.
    }
  }
}
