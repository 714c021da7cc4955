package io.meshbridge.registry.kubernetes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Recognizes IP address literals without ever resolving a name: {@code InetAddress.getByName} is
 * only reached with text that it parses as a literal.
 */
final class IpAddresses {

  /** The EndpointSlice {@code addressType} of an IP literal, or empty if it is not one. */
  static Optional<String> addressType(String text) {
    if (isIpv4(text)) {
      return Optional.of("IPv4");
    }
    if (isIpv6(text)) {
      return Optional.of("IPv6");
    }
    return Optional.empty();
  }

  /** Dotted quad, four decimal numbers 0..255 without leading zeros. */
  static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) < '0' || part.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** An IPv6 literal without brackets or zone. */
  static boolean isIpv6(String text) {
    if (text.isEmpty() || text.indexOf(':') < 0) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return false;
      }
    }
    char first = text.charAt(0);
    if (first == '.') {
      return false;
    }
    try {
      // Only hex digits, ':' and '.', starting with one of the first two: parsed as a literal.
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private IpAddresses() {}
}
