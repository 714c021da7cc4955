package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.ListenerCapture;
import io.meshbridge.proxy.config.ListenerConfig;

/**
 * {@code Listener} → {@link ListenerResource}. Supports a TCP {@code address.socket_address} with
 * HTTP connection manager filter chains, one or a TLS and a plaintext one told apart by {@code
 * transport_protocol} (see {@link HttpChainsConverter}), or filter chains of one {@code
 * tcp_proxy} each, told apart by SNI (see {@link TcpListenerConverter}); {@code transparent},
 * {@code use_original_dst} and the {@code original_dst} listener filter ({@link ListenerCapture}).
 * Listeners with an {@code
 * api_listener} are for proxyless gRPC clients: accepted, never bound.
 */
public final class ListenerConverter {

  private static final String HCM = HttpConnectionManager.getDescriptor().getFullName();

  private ListenerConverter() {}

  /** Converts an LDS resource. */
  public static ListenerResource convert(Listener listener) throws InvalidResourceException {
    if (listener.hasApiListener()) {
      return ListenerResource.apiListener(listener.getName());
    }
    FieldChecker check = new FieldChecker("Listener " + listener.getName());
    check.onlySupported(
        listener, "", "name", "address", "filter_chains", "listener_filters", "metadata",
        "traffic_direction", "transparent", "use_original_dst");
    if (!listener.hasAddress()) {
      throw check.invalid("address", "missing (expected: a socket_address)");
    }
    HostPort address = SocketAddresses.bindAddress(listener.getAddress(), check, "address");
    ListenerFilters.Found filters = ListenerFilters.of(listener, check);
    boolean tlsInspector = filters.tlsInspector();
    ListenerResource converted =
        listener.getFilterChainsCount() > 0
                && TcpListenerConverter.isTcpProxy(listener.getFilterChains(0))
            ? TcpListenerConverter.convert(listener, address, tlsInspector, check)
            : HttpChainsConverter.convert(listener, address, tlsInspector, check);
    boolean useOriginalDst = listener.getUseOriginalDst().getValue();
    ListenerCapture capture = new ListenerCapture(
        listener.getTransparent().getValue(), filters.originalDst() || useOriginalDst,
        useOriginalDst);
    ListenerConfig config = converted.config();
    if (capture.equals(ListenerCapture.NONE) || config == null) {
      return converted;
    }
    return new ListenerResource(converted.name(), config.withCapture(capture),
        converted.inlineRoute(), converted.skippedHttpFilters());
  }

  static HttpConnectionManager httpConnectionManager(
      Filter filter, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(filter, path, "name", "typed_config");
    Any config = filter.getTypedConfig();
    if (!typeName(config).equals(HCM)) {
      throw check.invalid(
          join(path, "typed_config"),
          (filter.hasTypedConfig() ? "'" + config.getTypeUrl() + "'" : "missing")
              + " (expected: an " + HCM + ")");
    }
    return unpack(config, HttpConnectionManager.class, check, join(path, "typed_config"));
  }

  /** The message type an {@code Any} holds: its type URL after the last '/'. */
  static String typeName(Any any) {
    String url = any.getTypeUrl();
    return url.substring(url.lastIndexOf('/') + 1);
  }

  static <T extends Message> T unpack(Any any, Class<T> type, FieldChecker check, String path)
      throws InvalidResourceException {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw check.invalid(path, "cannot be decoded: " + e.getMessage());
    }
  }
}
