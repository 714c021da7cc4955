package io.meshbridge.testing.consul;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One parsed HTTP request: method, decoded path, query, ACL token, body. */
record Request(
    String method, String path, Map<String, String> query, @Nullable String token, byte[] body) {

  static Request read(HttpExchange exchange) throws IOException {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.putIfAbsent(key, value);
      }
    }
    String token = exchange.getRequestHeaders().getFirst("X-Consul-Token");
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
      token = authorization.substring("Bearer ".length()).trim();
    }
    if (token == null) {
      token = query.get("token");
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new Request(
        exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query, token, body);
  }

  RecordedRequest recorded() {
    return new RecordedRequest(method, path, query, token);
  }

  /**
   * A boolean flag as Consul reads it: absent is false, a bare {@code ?flag} is true.
   *
   * @throws HttpError 400 if the value is not a boolean
   */
  boolean flag(String name) {
    String value = query.get(name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "", "true", "1", "t" -> true;
      case "false", "0", "f" -> false;
      default -> throw HttpError.badRequest("Invalid value for ?" + name);
    };
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
