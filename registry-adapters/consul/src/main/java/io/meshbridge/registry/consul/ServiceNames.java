package io.meshbridge.registry.consul;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns a Consul service name into a mesh service name (an RFC 1123 DNS label): lower case; every
 * character other than {@code a-z}, {@code 0-9} and {@code -} becomes {@code -}; runs of {@code -}
 * become one; leading and trailing {@code -} go; at most 63 characters. {@code Web_API} becomes
 * {@code web-api}, {@code billing.v2} becomes {@code billing-v2}. A name with nothing left has no
 * mesh name.
 */
final class ServiceNames {

  static final int MAX_LENGTH = 63;

  static Optional<String> sanitize(String consulName) {
    String lower = consulName.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      char next = ok ? c : '-';
      if (next == '-' && (out.length() == 0 || out.charAt(out.length() - 1) == '-')) {
        continue;
      }
      out.append(next);
    }
    String name = out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
    while (name.endsWith("-")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  private ServiceNames() {}
}
