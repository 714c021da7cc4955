package io.meshbridge.proxy.xds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request over a fresh connection from a chosen loopback source address. */
final class SourceClient {

  /** A response: status code and body. */
  record Answer(int status, String body) {}

  private SourceClient() {}

  static Answer send(String sourceIp, int port, String method, String target) {
    try (Socket s = new Socket()) {
      s.setSoTimeout(20_000);
      s.bind(new InetSocketAddress(sourceIp, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: orders.shop\r\n"
          + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = response.indexOf("\r\n\r\n");
      if (!response.startsWith("HTTP/1.1 ") || headEnd < 0) {
        throw new AssertionError("not an HTTP response: '" + response + "'");
      }
      return new Answer(
          Integer.parseInt(response.substring(9, 12)), response.substring(headEnd + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
