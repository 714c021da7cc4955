package io.meshbridge.proxy.dataplane.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Removes the headers that describe one connection rather than the message (RFC 9110 7.6.1). */
public final class HopByHopHeaders {

  private static final List<AsciiString> ALWAYS =
      List.of(
          HttpHeaderNames.CONNECTION,
          AsciiString.cached("keep-alive"), // Netty deprecates the constant, not the header
          AsciiString.cached("proxy-connection"),
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.UPGRADE,
          HttpHeaderNames.TRANSFER_ENCODING);

  /** Never removed because {@code Connection} names them: dropping them would change framing. */
  private static final Set<String> PROTECTED = Set.of("host", "content-length");

  private HopByHopHeaders() {}

  /** Strips hop-by-hop headers, and those {@code Connection} names, from {@code headers}. */
  public static void strip(HttpHeaders headers) {
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !PROTECTED.contains(name)) {
          headers.remove(name);
        }
      }
    }
    for (AsciiString name : ALWAYS) {
      headers.remove(name);
    }
  }
}
