package io.meshbridge.registry.eureka;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Validation shared by the registry's and the registrar's configuration. */
final class ServiceUrls {

  /**
   * Checks Eureka service URLs ({@code http://host:8761/eureka/}) and gives each a trailing {@code
   * /}, so that {@code apps/...} resolves below it.
   */
  static List<URI> normalize(List<URI> serviceUrls) {
    if (serviceUrls.isEmpty()) {
      throw new IllegalArgumentException(
          "serviceUrls: [] (expected: at least one, e.g. http://eureka:8761/eureka/)");
    }
    List<URI> normalized = new ArrayList<>();
    for (int i = 0; i < serviceUrls.size(); i++) {
      URI url = serviceUrls.get(i);
      String scheme = url == null ? null : url.getScheme();
      if (url == null
          || url.getHost() == null
          || url.getQuery() != null
          || url.getFragment() != null
          || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new IllegalArgumentException(
            "serviceUrls["
                + i
                + "]: '"
                + url
                + "' (expected: an http or https URL with a host, e.g."
                + " http://eureka:8761/eureka/)");
      }
      String path = url.getRawPath() == null ? "" : url.getRawPath();
      normalized.add(path.endsWith("/") ? url : URI.create(url + "/"));
    }
    return List.copyOf(normalized);
  }

  /** Checks that {@code value} is between {@code min} and {@code max}. */
  static void checkDuration(String field, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + ": " + value + " (expected: " + min + " to " + max + ")");
    }
  }

  /** {@code value} as one path segment: RFC 3986 unreserved and sub-delims kept, the rest %XX. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private ServiceUrls() {}
}
