package io.meshbridge.proxy.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP/1.1 backend on 127.0.0.1 that answers with its own name. {@code /echo} answers {@code
 * name:<body bytes>:<sha-256>}, {@code /big?n=N} streams N bytes chunked, {@code /sized?n=N} with a
 * Content-Length, {@code /slow} waits until {@link #release()}, {@code /gated-echo} waits before it
 * reads the body, then echoes.
 */
public final class Backend implements AutoCloseable {

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger slowArrived = new AtomicInteger();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
  private final AtomicReference<String> lastTarget = new AtomicReference<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger failStatus = new AtomicInteger();

  private Backend(String name, String host, int port) throws IOException {
    this.name = name;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static Backend start(String name) {
    return start(name, "127.0.0.1", 0);
  }

  /** A backend on {@code host:port} (another loopback address, e.g. {@code 127.0.0.2}). */
  public static Backend start(String name, String host, int port) {
    try {
      return new Backend(name, host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  /** Distinct TCP connections requests came on. */
  public int connections() {
    return clientPorts.size();
  }

  public int slowArrived() {
    return slowArrived.get();
  }

  /** The request target of the last request, as received. */
  public String lastTarget() {
    return lastTarget.get();
  }

  public Headers lastHeaders() {
    return lastHeaders.get();
  }

  /** From now on answers every request with {@code status} and its name as the body (0: normal). */
  public void failWith(int status) {
    failStatus.set(status);
  }

  /** Lets every waiting and future {@code /slow} request answer. */
  public void release() {
    gate.countDown();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    clientPorts.add(ex.getRemoteAddress().getPort());
    lastHeaders.set(ex.getRequestHeaders());
    lastTarget.set(ex.getRequestURI().toString());
    String path = ex.getRequestURI().getPath();
    try (ex) {
      int fail = failStatus.get();
      if (fail != 0) {
        ex.getRequestBody().readAllBytes();
        respond(ex, fail, name);
      } else if (path.startsWith("/echo")) {
        respond(ex, name + ":" + digest(ex.getRequestBody()));
      } else if (path.startsWith("/big")) {
        streamBig(ex, size(ex), 0);
      } else if (path.startsWith("/sized")) {
        streamBig(ex, size(ex), size(ex));
      } else if (path.startsWith("/gated-echo")) {
        slowArrived.incrementAndGet();
        awaitGate();
        respond(ex, name + ":" + digest(ex.getRequestBody()));
      } else if (path.startsWith("/slow")) {
        slowArrived.incrementAndGet();
        awaitGate();
        respond(ex, name);
      } else {
        ex.getRequestBody().readAllBytes();
        respond(ex, name);
      }
    }
  }

  private void awaitGate() {
    try {
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange ex, String body) throws IOException {
    respond(ex, 200, body);
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /** Response body bytes written so far by {@code /big} and {@code /sized}. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  private static long size(HttpExchange ex) {
    return Long.parseLong(ex.getRequestURI().getQuery().substring(2));
  }

  /** Streams {@code n} bytes, chunked when {@code contentLength} is 0. */
  private void streamBig(HttpExchange ex, long n, long contentLength) throws IOException {
    ex.sendResponseHeaders(200, contentLength);
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) i;
    }
    try (OutputStream out = ex.getResponseBody()) {
      for (long left = n; left > 0; left -= chunk.length) {
        int len = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, len);
        bytesWritten.addAndGet(len);
      }
    }
  }

  /** {@code <bytes>:<sha-256 hex>} of a stream. */
  public static String digest(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      sha.update(buf, 0, n);
      total += n;
    }
    return total + ":" + HexFormat.of().formatHex(sha.digest());
  }

  public static String digest(byte[] bytes) {
    return bytes.length + ":" + HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
