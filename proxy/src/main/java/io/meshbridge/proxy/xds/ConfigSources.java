package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;

/** Checks that a {@code ConfigSource} points at the ADS stream, the only source this proxy has. */
final class ConfigSources {

  private ConfigSources() {}

  /**
   * Requires {@code ads: {}} (with {@code resource_api_version} V3 or unset). When {@code
   * emptyMeansAds}, an empty or missing source is accepted as ADS too (EDS's {@code eds_config}).
   */
  static void requireAds(
      ConfigSource source, boolean present, boolean emptyMeansAds, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(source, path, "ads", "resource_api_version");
    boolean empty = source.getAllFields().isEmpty();
    if (!source.hasAds() && !(empty && emptyMeansAds)) {
      throw present
          ? check.invalid(join(path, "ads"), "missing (expected: ads, the only config source)")
          : check.invalid(path, "missing (expected: ads)");
    }
    check.onlySupported(source.getAds(), join(path, "ads"));
    ApiVersion version = source.getResourceApiVersion();
    if (version != ApiVersion.AUTO && version != ApiVersion.V3) {
      throw check.invalid(
          join(path, "resource_api_version"), version + " is not supported (supported: V3)");
    }
  }
}
