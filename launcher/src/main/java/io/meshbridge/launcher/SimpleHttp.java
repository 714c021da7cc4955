package io.meshbridge.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 GET with a chosen Host header, over a plain socket: what {@code curl --resolve}
 * does, for the quickstart's self-check (the JDK's client does not let a caller set Host).
 */
public final class SimpleHttp {

  /** A status code and body. */
  public record Response(int status, String body) {}

  public static Response get(String address, int port, String host, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int headerEnd = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.") || headerEnd < 0) {
        throw new IOException("not an HTTP response: " + text);
      }
      int status = Integer.parseInt(text.substring(9, 12));
      return new Response(status, text.substring(headerEnd + 4));
    }
  }

  private SimpleHttp() {}
}
