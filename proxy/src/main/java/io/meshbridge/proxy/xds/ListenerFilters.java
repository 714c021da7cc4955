package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;

/**
 * A listener's {@code listener_filters}: only {@code envoy.filters.listener.tls_inspector}, without
 * options, is supported.
 */
final class ListenerFilters {

  static final String TLS_INSPECTOR_NAME = "envoy.filters.listener.tls_inspector";
  private static final String TLS_INSPECTOR = TlsInspector.getDescriptor().getFullName();

  private ListenerFilters() {}

  /** Whether the listener has the TLS inspector; any other listener filter is rejected. */
  static boolean tlsInspector(Listener listener, FieldChecker check)
      throws InvalidResourceException {
    int count = listener.getListenerFiltersCount();
    for (int i = 0; i < count; i++) {
      String path = at("listener_filters", i);
      ListenerFilter filter = listener.getListenerFilters(i);
      check.onlySupported(filter, path, "name", "typed_config");
      boolean inspector =
          filter.hasTypedConfig()
              ? ListenerConverter.typeName(filter.getTypedConfig()).equals(TLS_INSPECTOR)
              : filter.getName().equals(TLS_INSPECTOR_NAME);
      if (!inspector) {
        String type =
            filter.hasTypedConfig() ? " (" + filter.getTypedConfig().getTypeUrl() + ")" : "";
        throw check.invalid(
            path,
            "'" + filter.getName() + "'" + type + " is not supported (supported: "
                + TLS_INSPECTOR_NAME + ")");
      }
      if (filter.hasTypedConfig()) {
        String configPath = join(path, "typed_config");
        TlsInspector config = ListenerConverter.unpack(
            filter.getTypedConfig(), TlsInspector.class, check, configPath);
        check.onlySupported(config, configPath);
      }
      if (i > 0) {
        throw check.invalid(path, "a second " + TLS_INSPECTOR_NAME + " (expected: one)");
      }
    }
    return count > 0;
  }
}
