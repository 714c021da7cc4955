package io.meshbridge.proxy.dns;

import io.meshbridge.proxy.config.DnsSettings.LookupFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/** Keeps the addresses a {@link LookupFamily} asks for, as Envoy's resolver does. */
final class LookupFamilies {

  private LookupFamilies() {}

  static List<InetAddress> select(LookupFamily family, List<InetAddress> addresses) {
    List<InetAddress> v4 = only(addresses, Inet4Address.class);
    List<InetAddress> v6 = only(addresses, Inet6Address.class);
    switch (family) {
      case V4_ONLY:
        return v4;
      case V6_ONLY:
        return v6;
      case AUTO:
        return v6.isEmpty() ? v4 : v6;
      case V4_PREFERRED:
        return v4.isEmpty() ? v6 : v4;
      case ALL:
        return List.copyOf(addresses);
      default:
        throw new IllegalArgumentException("lookupFamily: " + family);
    }
  }

  private static List<InetAddress> only(List<InetAddress> addresses, Class<?> type) {
    return addresses.stream().filter(type::isInstance).toList();
  }
}
