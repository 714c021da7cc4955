package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@code STRICT_DNS} cluster resolves the host names of its endpoints.
 *
 * @param refreshRate how often every host name is resolved again ({@code dns_refresh_rate})
 * @param lookupFamily which address families become endpoints ({@code dns_lookup_family})
 */
public record DnsSettings(Duration refreshRate, LookupFamily lookupFamily) {

  /** Envoy's default {@code dns_refresh_rate}. */
  public static final Duration DEFAULT_REFRESH_RATE = Duration.ofSeconds(5);

  public DnsSettings {
    requireNonNull(refreshRate, "refreshRate");
    requireNonNull(lookupFamily, "lookupFamily");
    if (refreshRate.isNegative() || refreshRate.isZero()) {
      throw new IllegalArgumentException(
          "refreshRate: " + refreshRate + " (expected: a positive duration)");
    }
  }

  /** Envoy's {@code Cluster.DnsLookupFamily}. */
  public enum LookupFamily {
    /** IPv6 addresses if there are any, else IPv4 (Envoy's default). */
    AUTO,
    /** IPv4 addresses only. */
    V4_ONLY,
    /** IPv6 addresses only. */
    V6_ONLY,
    /** IPv4 addresses if there are any, else IPv6. */
    V4_PREFERRED,
    /** Every address, both families. */
    ALL
  }
}
