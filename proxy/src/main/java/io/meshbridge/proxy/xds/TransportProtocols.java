package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.meshbridge.proxy.config.TcpChain;

/**
 * A filter chain's {@code filter_chain_match.transport_protocol}, as the TLS inspector detects it:
 * {@code "tls"}, {@code "raw_buffer"} or {@code ""} (any). Shared by HTTP and TCP chains.
 */
final class TransportProtocols {

  private TransportProtocols() {}

  /**
   * The chain's transport protocol, checked: a known value, the TLS inspector present when set,
   * and a TLS {@code transport_socket} never on a raw_buffer chain.
   *
   * @param terminatesTls whether the chain has a TLS {@code transport_socket}
   */
  static String of(FilterChain chain, boolean tlsInspector, boolean terminatesTls,
      FieldChecker check, String path) throws InvalidResourceException {
    String protocol = chain.getFilterChainMatch().getTransportProtocol();
    String at = join(path, "filter_chain_match.transport_protocol");
    if (!protocol.isEmpty() && !protocol.equals(TcpChain.TLS)
        && !protocol.equals(TcpChain.RAW_BUFFER)) {
      throw check.invalid(at, "'" + protocol + "' (expected: tls or raw_buffer)");
    }
    if (!protocol.isEmpty() && !tlsInspector) {
      throw check.invalid(at, "needs the envoy.filters.listener.tls_inspector listener filter");
    }
    if (protocol.equals(TcpChain.RAW_BUFFER) && terminatesTls) {
      throw check.invalid(at, "\"raw_buffer\" with a TLS transport_socket");
    }
    return protocol;
  }
}
