package io.meshbridge.registry.kubernetes;

import io.meshbridge.model.Protocol;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A Service port's application protocol, decided as Istio decides it: from {@code appProtocol} when
 * set, else from the port name's prefix ({@code http-web}, {@code grpc}, ...).
 *
 * <p>Where Istio would sniff the traffic (no or an unknown protocol), Meshbridge does not sniff and
 * uses {@link Protocol#TCP}: bytes are forwarded unchanged, which works for every protocol, only
 * without HTTP routing.
 */
final class PortProtocols {

  static Protocol resolve(@Nullable String appProtocol, String portName) {
    String name = portName;
    if (appProtocol != null && !appProtocol.isBlank()) {
      name = appProtocol.trim();
      switch (name) {
        case "kubernetes.io/h2c":
          return Protocol.HTTP2;
        case "kubernetes.io/ws":
          return Protocol.HTTP;
        case "kubernetes.io/wss":
          return Protocol.TLS;
        default:
          break;
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("grpc-web")) {
      // gRPC-Web is HTTP/1.1 or HTTP/2 with its own framing: routed as HTTP.
      return Protocol.HTTP;
    }
    int dash = lower.indexOf('-');
    String prefix = dash >= 0 ? lower.substring(0, dash) : lower;
    switch (prefix) {
      case "http":
      case "http_proxy":
        return Protocol.HTTP;
      case "http2":
        return Protocol.HTTP2;
      case "grpc":
        return Protocol.GRPC;
      case "https":
      case "tls":
        return Protocol.TLS;
      default:
        // tcp, mongo, mysql, redis, unnamed and unknown: plain TCP.
        return Protocol.TCP;
    }
  }

  /** The {@code appProtocol} that {@link #resolve} reads back as {@code protocol}. */
  static String appProtocol(Protocol protocol) {
    return switch (protocol) {
      case HTTP -> "http";
      case HTTP2 -> "kubernetes.io/h2c";
      case GRPC -> "grpc";
      case TCP -> "tcp";
      case TLS -> "tls";
    };
  }

  private PortProtocols() {}
}
