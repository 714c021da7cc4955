package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;

/**
 * A listener's {@code listener_filters}: {@code envoy.filters.listener.tls_inspector} and {@code
 * envoy.filters.listener.original_dst} (a message without fields), each at most once and without
 * options, are supported.
 */
final class ListenerFilters {

  static final String TLS_INSPECTOR_NAME = "envoy.filters.listener.tls_inspector";
  static final String ORIGINAL_DST_NAME = "envoy.filters.listener.original_dst";
  private static final String TLS_INSPECTOR = TlsInspector.getDescriptor().getFullName();
  private static final String ORIGINAL_DST = OriginalDst.getDescriptor().getFullName();

  /** Which of the supported listener filters the listener has. */
  record Found(boolean tlsInspector, boolean originalDst) {}

  private ListenerFilters() {}

  /** The listener's filters; any other listener filter, or one twice, is rejected. */
  static Found of(Listener listener, FieldChecker check) throws InvalidResourceException {
    boolean tlsInspector = false;
    boolean originalDst = false;
    for (int i = 0; i < listener.getListenerFiltersCount(); i++) {
      String path = at("listener_filters", i);
      ListenerFilter filter = listener.getListenerFilters(i);
      check.onlySupported(filter, path, "name", "typed_config");
      if (is(filter, TLS_INSPECTOR, TLS_INSPECTOR_NAME)) {
        noOptions(filter, TlsInspector.class, check, path);
        if (tlsInspector) {
          throw check.invalid(path, "a second " + TLS_INSPECTOR_NAME + " (expected: one)");
        }
        tlsInspector = true;
      } else if (is(filter, ORIGINAL_DST, ORIGINAL_DST_NAME)) {
        noOptions(filter, OriginalDst.class, check, path);
        if (originalDst) {
          throw check.invalid(path, "a second " + ORIGINAL_DST_NAME + " (expected: one)");
        }
        originalDst = true;
      } else {
        String type =
            filter.hasTypedConfig() ? " (" + filter.getTypedConfig().getTypeUrl() + ")" : "";
        throw check.invalid(
            path,
            "'" + filter.getName() + "'" + type + " is not supported (supported: "
                + TLS_INSPECTOR_NAME + ", " + ORIGINAL_DST_NAME + ")");
      }
    }
    return new Found(tlsInspector, originalDst);
  }

  private static boolean is(ListenerFilter filter, String type, String name) {
    return filter.hasTypedConfig()
        ? ListenerConverter.typeName(filter.getTypedConfig()).equals(type)
        : filter.getName().equals(name);
  }

  private static <T extends Message> void noOptions(
      ListenerFilter filter, Class<T> type, FieldChecker check, String path)
      throws InvalidResourceException {
    if (filter.hasTypedConfig()) {
      String configPath = join(path, "typed_config");
      T config = ListenerConverter.unpack(filter.getTypedConfig(), type, check, configPath);
      check.onlySupported(config, configPath);
    }
  }
}
