package io.meshbridge.registry.zookeeper;

import java.util.Locale;

/**
 * How a name found in ZooKeeper becomes a mesh service name (a lowercase DNS label): lower-cased;
 * every run of characters other than {@code a-z0-9} becomes one {@code -}; leading and trailing
 * {@code -} are dropped; cut to 63 characters (and a trailing {@code -} dropped again). A Dubbo
 * interface contributes its simple name: {@code com.foo.OrderService} is {@code orderservice}.
 */
final class ServiceNames {

  private static final int MAX_LENGTH = 63;

  /** The mesh name for {@code raw}, or {@code ""} when nothing is left of it. */
  static String sanitize(String raw) {
    String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    name = trimDashes(name);
    if (name.length() > MAX_LENGTH) {
      name = trimDashes(name.substring(0, MAX_LENGTH));
    }
    return name;
  }

  /** The mesh name of a Dubbo interface: its simple name, sanitized. */
  static String ofDubboInterface(String interfaceName) {
    return sanitize(interfaceName.substring(interfaceName.lastIndexOf('.') + 1));
  }

  private static String trimDashes(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && name.charAt(start) == '-') {
      start++;
    }
    while (end > start && name.charAt(end - 1) == '-') {
      end--;
    }
    return name.substring(start, end);
  }

  private ServiceNames() {}
}
