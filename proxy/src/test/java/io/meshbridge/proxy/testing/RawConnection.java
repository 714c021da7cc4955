package io.meshbridge.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client TCP connection speaking HTTP/1.1 by hand, for tests that care which connection a
 * request uses. Reads responses framed by Content-Length only.
 */
public final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  public RawConnection(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(20_000);
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void send(String request) {
    try {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one response: head and body, as text. */
  public String read() {
    try {
      String head = head();
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server closed the connection (reads end of stream). */
  public boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads and discards {@code n} body bytes; returns how many arrived before end of stream. */
  public long skip(long n) {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try {
      while (total < n) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, n - total));
        if (r < 0) {
          break;
        }
        total += r;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total;
  }

  /** Reads a response head (status line and headers). */
  public String readHead() {
    try {
      return head();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The raw output stream, for tests that write a body themselves. */
  public OutputStream output() {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String head() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    return head.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
