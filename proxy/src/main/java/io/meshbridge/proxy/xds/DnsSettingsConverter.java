package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.DnsSettings.LookupFamily;
import java.time.Duration;

/**
 * A {@code STRICT_DNS} cluster's {@code dns_refresh_rate} (default 5 s, as Envoy) and {@code
 * dns_lookup_family} (all five families). {@code respect_dns_ttl: true} is rejected: the JDK
 * resolver does not expose TTLs. Envoy deprecated these fields in favour of the {@code
 * cluster_type} extension {@code DnsCluster}; pilot emits them (docs/xds.md), so they are read here
 * and that extension is not.
 */
@SuppressWarnings("deprecation") // dns_refresh_rate, respect_dns_ttl: see above
final class DnsSettingsConverter {

  private DnsSettingsConverter() {}

  static DnsSettings convert(Cluster cluster, FieldChecker check) throws InvalidResourceException {
    if (cluster.getRespectDnsTtl()) {
      throw check.invalid(
          "respect_dns_ttl", "true is not supported (expected: false; the refresh rate applies)");
    }
    Duration refresh = DnsSettings.DEFAULT_REFRESH_RATE;
    if (cluster.hasDnsRefreshRate()) {
      com.google.protobuf.Duration value = cluster.getDnsRefreshRate();
      refresh =
          ProtoDurations.positive(value)
              .filter(d -> d.toMillis() >= 1)
              .orElseThrow(
                  () ->
                      check.invalid(
                          "dns_refresh_rate",
                          ProtoDurations.describe(value) + " (expected: at least 1ms)"));
    }
    return new DnsSettings(refresh, lookupFamily(cluster, check));
  }

  /** Rejects the DNS fields on a cluster that is not {@code STRICT_DNS}. */
  static void rejectOnOtherTypes(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    String only = "only supported for type STRICT_DNS, not " + cluster.getType();
    if (cluster.hasDnsRefreshRate()) {
      throw check.invalid("dns_refresh_rate", only);
    }
    if (cluster.getRespectDnsTtl()) {
      throw check.invalid("respect_dns_ttl", only);
    }
    if (cluster.getDnsLookupFamilyValue() != 0) {
      throw check.invalid("dns_lookup_family", only);
    }
  }

  private static LookupFamily lookupFamily(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    switch (cluster.getDnsLookupFamily()) {
      case AUTO:
        return LookupFamily.AUTO;
      case V4_ONLY:
        return LookupFamily.V4_ONLY;
      case V6_ONLY:
        return LookupFamily.V6_ONLY;
      case V4_PREFERRED:
        return LookupFamily.V4_PREFERRED;
      case ALL:
        return LookupFamily.ALL;
      default:
        throw check.invalid(
            "dns_lookup_family",
            cluster.getDnsLookupFamilyValue()
                + " is not supported (supported: AUTO, V4_ONLY, V6_ONLY, V4_PREFERRED, ALL)");
    }
  }
}
