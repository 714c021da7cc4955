package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP filters this proxy runs before the router, recognised in an HCM's {@code http_filters}
 * by their typed config's type (or, without one, by name). Their listener-level config must be
 * empty but for the rate limit's {@code stat_prefix}: what they do is configured per route.
 */
final class HttpFilterConverter {

  static final String SUPPORTED =
      io.meshbridge.proxy.config.HttpFilter.FAULT.envoyName() + " (HTTPFault), "
          + io.meshbridge.proxy.config.HttpFilter.CORS.envoyName() + " (Cors), "
          + io.meshbridge.proxy.config.HttpFilter.LOCAL_RATE_LIMIT.envoyName()
          + " (LocalRateLimit), " + RbacFilterConverter.HTTP_NAME + " (RBAC)";

  private HttpFilterConverter() {}

  /** The filter {@code filter} is, or null when this proxy does not implement it. */
  static io.meshbridge.proxy.config.@Nullable HttpFilter known(HttpFilter filter) {
    String type =
        filter.hasTypedConfig() ? ListenerConverter.typeName(filter.getTypedConfig()) : null;
    for (io.meshbridge.proxy.config.HttpFilter f : io.meshbridge.proxy.config.HttpFilter.values()) {
      if (type != null ? type.equals(typeOf(f)) : filter.getName().equals(f.envoyName())) {
        return f;
      }
    }
    return null;
  }

  /** Rejects listener-level config this proxy does not implement (it is configured per route). */
  static void checkListenerLevel(
      io.meshbridge.proxy.config.HttpFilter known, HttpFilter filter, FieldChecker check,
      String path) throws InvalidResourceException {
    if (!filter.hasTypedConfig()) {
      return;
    }
    switch (known) {
      case FAULT ->
          check.onlySupported(
              ListenerConverter.unpack(filter.getTypedConfig(), HTTPFault.class, check, path),
              path);
      case LOCAL_RATE_LIMIT ->
          check.onlySupported(
              ListenerConverter.unpack(filter.getTypedConfig(), LocalRateLimit.class, check, path),
              path, "stat_prefix");
      case CORS ->
          check.onlySupported(
              ListenerConverter.unpack(filter.getTypedConfig(), Cors.class, check, path), path);
    }
  }

  private static String typeOf(io.meshbridge.proxy.config.HttpFilter f) {
    return switch (f) {
      case FAULT -> HTTPFault.getDescriptor().getFullName();
      case LOCAL_RATE_LIMIT -> LocalRateLimit.getDescriptor().getFullName();
      case CORS -> Cors.getDescriptor().getFullName();
    };
  }
}
