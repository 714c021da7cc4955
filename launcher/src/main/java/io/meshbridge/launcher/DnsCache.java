package io.meshbridge.launcher;

import java.security.Security;

/**
 * The JDK caches successful DNS lookups for 30 s by default ({@code networkaddress.cache.ttl}),
 * which would hide a STRICT_DNS cluster's new addresses behind its {@code dns_refresh_rate} (5 s)
 * for that long. The proxy re-resolves on its own schedule, so Meshbridge turns that cache off,
 * unless the operator set a TTL (the security property, or the {@code sun.net.inetaddr.ttl}
 * system property). Failed lookups keep the JDK's 10 s ({@code networkaddress.cache.negative.ttl}):
 * the proxy keeps a host's last good addresses meanwhile. This must run before the JVM's first
 * lookup: the JDK reads the TTL once.
 */
final class DnsCache {

  static final String TTL = "networkaddress.cache.ttl";
  static final String TTL_SYSTEM_PROPERTY = "sun.net.inetaddr.ttl";

  private DnsCache() {}

  /** Sets the positive TTL to 0 unless the security or the system property sets one. */
  static void off() {
    if (Security.getProperty(TTL) == null && System.getProperty(TTL_SYSTEM_PROPERTY) == null) {
      Security.setProperty(TTL, "0");
    }
  }
}
