package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import io.meshbridge.proxy.config.rbac.RbacRules;

/**
 * The RBAC filters → {@link RbacFilterConfig}: {@code envoy.filters.http.rbac} in an HCM's {@code
 * http_filters} ({@code rules}, {@code rules_stat_prefix}, {@code shadow_rules}, {@code
 * shadow_rules_stat_prefix}) and {@code envoy.filters.network.rbac} before a tcp_proxy ({@code
 * rules}, {@code stat_prefix}, {@code shadow_rules}, {@code shadow_rules_stat_prefix}, {@code
 * enforcement_type: ONE_TIME_ON_FIRST_BYTE}). The unified {@code matcher} forms, per-rule stats
 * and {@code delay_deny} are rejected by name.
 */
final class RbacFilterConverter {

  static final String HTTP_NAME = "envoy.filters.http.rbac";
  static final String NETWORK_NAME = "envoy.filters.network.rbac";
  private static final String HTTP_TYPE = RBAC.getDescriptor().getFullName();
  private static final String NETWORK_TYPE =
      io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor().getFullName();

  private RbacFilterConverter() {}

  /** Whether {@code filter} is an HTTP RBAC filter (by typed config, or by name without one). */
  static boolean isHttpRbac(HttpFilter filter) {
    return filter.hasTypedConfig()
        ? ListenerConverter.typeName(filter.getTypedConfig()).equals(HTTP_TYPE)
        : filter.getName().equals(HTTP_NAME);
  }

  /** Whether {@code filter} is a network RBAC filter. */
  static boolean isNetworkRbac(Filter filter) {
    return filter.hasTypedConfig()
        ? ListenerConverter.typeName(filter.getTypedConfig()).equals(NETWORK_TYPE)
        : filter.getName().equals(NETWORK_NAME);
  }

  /** An HTTP RBAC filter of an HCM whose {@code stat_prefix} is {@code hcmStatPrefix}. */
  static RbacFilterConfig http(
      HttpFilter filter, String hcmStatPrefix, FieldChecker check, String path)
      throws InvalidResourceException {
    String at = join(path, "typed_config");
    if (!filter.hasTypedConfig()) {
      throw check.invalid(at, "missing (expected: an " + HTTP_TYPE + ")");
    }
    RBAC rbac = ListenerConverter.unpack(filter.getTypedConfig(), RBAC.class, check, at);
    check.onlySupported(
        rbac, at, "rules", "rules_stat_prefix", "shadow_rules", "shadow_rules_stat_prefix");
    return new RbacFilterConfig(
        "http." + hcmStatPrefix + ".",
        rbac.hasRules() ? RbacRulesConverter.convert(rbac.getRules(), check, join(at, "rules"))
            : null,
        rbac.getRulesStatPrefix(),
        shadow(rbac.hasShadowRules(), rbac.getShadowRules(), check, join(at, "shadow_rules")),
        rbac.getShadowRulesStatPrefix());
  }

  /** A network RBAC filter. */
  static RbacFilterConfig network(Filter filter, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(filter, path, "name", "typed_config");
    String at = join(path, "typed_config");
    if (!filter.hasTypedConfig()) {
      throw check.invalid(at, "missing (expected: an " + NETWORK_TYPE + ")");
    }
    var rbac =
        ListenerConverter.unpack(
            filter.getTypedConfig(),
            io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class, check, at);
    check.onlySupported(
        rbac, at, "rules", "stat_prefix", "shadow_rules", "shadow_rules_stat_prefix",
        "enforcement_type");
    if (rbac.getStatPrefix().isEmpty()) {
      throw check.invalid(join(at, "stat_prefix"), "missing (expected: a non-empty prefix)");
    }
    switch (rbac.getEnforcementType()) {
      case ONE_TIME_ON_FIRST_BYTE:
        break;
      default:
        throw check.invalid(
            join(at, "enforcement_type"),
            rbac.getEnforcementType() + " is not supported (supported: ONE_TIME_ON_FIRST_BYTE)");
    }
    return new RbacFilterConfig(
        rbac.getStatPrefix(),
        rbac.hasRules() ? RbacRulesConverter.convert(rbac.getRules(), check, join(at, "rules"))
            : null,
        "",
        shadow(rbac.hasShadowRules(), rbac.getShadowRules(), check, join(at, "shadow_rules")),
        rbac.getShadowRulesStatPrefix());
  }

  private static @org.jspecify.annotations.Nullable RbacRules shadow(
      boolean has, io.envoyproxy.envoy.config.rbac.v3.RBAC rules, FieldChecker check, String path)
      throws InvalidResourceException {
    return has ? RbacRulesConverter.convert(rules, check, path) : null;
  }
}
