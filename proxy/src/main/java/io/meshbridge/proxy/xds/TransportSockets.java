package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@code transport_socket} → TLS settings: {@code envoy.transport_sockets.tls} with a {@code
 * DownstreamTlsContext} (listeners) or {@code UpstreamTlsContext} (clusters), or {@code
 * envoy.transport_sockets.raw_buffer} (plaintext, {@code null}).
 */
final class TransportSockets {

  private static final String DOWNSTREAM = DownstreamTlsContext.getDescriptor().getFullName();
  private static final String UPSTREAM = UpstreamTlsContext.getDescriptor().getFullName();
  private static final String RAW = RawBuffer.getDescriptor().getFullName();

  private TransportSockets() {}

  /** A listener chain's transport socket: TLS settings, or null for raw_buffer. */
  static @Nullable DownstreamTlsConfig downstream(
      TransportSocket socket, FieldChecker check, String path) throws InvalidResourceException {
    if (isRawBuffer(socket, DOWNSTREAM, check, path)) {
      return null;
    }
    String at = join(path, "typed_config");
    DownstreamTlsContext tls =
        ListenerConverter.unpack(socket.getTypedConfig(), DownstreamTlsContext.class, check, at);
    check.onlySupported(tls, at, "common_tls_context", "require_client_certificate");
    TlsSettings settings =
        TlsContextConverter.convert(tls.getCommonTlsContext(), check, join(at, "common_tls_context"));
    if (settings.certificate() == null) {
      throw check.invalid(join(at, "common_tls_context"),
          "no certificate (expected: tls_certificates or tls_certificate_sds_secret_configs)");
    }
    boolean require = tls.getRequireClientCertificate().getValue();
    if (require && settings.trust() == null) {
      throw check.invalid(join(at, "require_client_certificate"),
          "true without a validation context (expected: trusted roots to verify clients with)");
    }
    return new DownstreamTlsConfig(settings, require);
  }

  /** A cluster's transport socket: TLS settings, or null for raw_buffer. */
  static @Nullable UpstreamTlsConfig upstream(
      TransportSocket socket, FieldChecker check, String path) throws InvalidResourceException {
    if (isRawBuffer(socket, UPSTREAM, check, path)) {
      return null;
    }
    String at = join(path, "typed_config");
    UpstreamTlsContext tls =
        ListenerConverter.unpack(socket.getTypedConfig(), UpstreamTlsContext.class, check, at);
    check.onlySupported(tls, at, "common_tls_context", "sni");
    TlsSettings settings =
        TlsContextConverter.convert(tls.getCommonTlsContext(), check, join(at, "common_tls_context"));
    return new UpstreamTlsConfig(settings, tls.getSni());
  }

  private static boolean isRawBuffer(
      TransportSocket socket, String tlsType, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(socket, path, "name", "typed_config");
    if (!socket.hasTypedConfig()) {
      if (socket.getName().equals("envoy.transport_sockets.raw_buffer")) {
        return true;
      }
      throw check.invalid(join(path, "typed_config"), "missing (expected: an "
          + tlsType + " or " + RAW + ")");
    }
    String type = ListenerConverter.typeName(socket.getTypedConfig());
    if (type.equals(RAW)) {
      return true;
    }
    if (!type.equals(tlsType)) {
      throw check.invalid(join(path, "typed_config"), "'" + socket.getTypedConfig().getTypeUrl()
          + "' (expected: an " + tlsType + " or " + RAW + ")");
    }
    return false;
  }
}
