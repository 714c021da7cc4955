package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One filter chain of a TCP listener: what it matches (TLS server names, transport protocol),
 * whether it terminates TLS, and where it relays.
 *
 * @param serverNames {@code filter_chain_match.server_names}, lower case: exact names or
 *     {@code *.suffix} wildcards; empty = any connection no other chain matches
 * @param transportProtocol {@code filter_chain_match.transport_protocol}: {@code "tls"}, {@code
 *     "raw_buffer"} (plaintext), or {@code ""} for either
 * @param tls the chain's {@code transport_socket} ({@code DownstreamTlsContext}): TLS is terminated
 *     with it before the filters run; null = the bytes are relayed as they are (plaintext, or TLS
 *     passthrough)
 * @param tcpProxy where the bytes go
 * @param rbac the network RBAC filters before the tcp_proxy ({@code envoy.filters.network.rbac}),
 *     in order, checked once per connection (after the TLS handshake) before any upstream connect
 */
public record TcpChain(
    List<String> serverNames,
    String transportProtocol,
    @Nullable DownstreamTlsConfig tls,
    TcpProxyConfig tcpProxy,
    List<RbacFilterConfig> rbac) {

  public static final String TLS = "tls";
  public static final String RAW_BUFFER = "raw_buffer";

  public TcpChain {
    rbac = List.copyOf(rbac);
    serverNames = serverNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    requireNonNull(tcpProxy, "tcpProxy");
    requireNonNull(transportProtocol, "transportProtocol");
    if (!transportProtocol.isEmpty() && !transportProtocol.equals(TLS)
        && !transportProtocol.equals(RAW_BUFFER)) {
      throw new IllegalArgumentException(
          "transportProtocol: '" + transportProtocol + "' (expected: tls, raw_buffer or empty)");
    }
    if (tls != null && transportProtocol.equals(RAW_BUFFER)) {
      throw new IllegalArgumentException("tls: set on a raw_buffer chain (expected: none)");
    }
  }

  /** A chain without RBAC filters and without TLS termination. */
  public TcpChain(List<String> serverNames, TcpProxyConfig tcpProxy) {
    this(serverNames, tcpProxy, List.of());
  }

  /** A chain without TLS termination matching any transport protocol. */
  public TcpChain(List<String> serverNames, TcpProxyConfig tcpProxy, List<RbacFilterConfig> rbac) {
    this(serverNames, "", null, tcpProxy, rbac);
  }

  /** A chain that matches every connection. */
  public static TcpChain any(TcpProxyConfig tcpProxy) {
    return new TcpChain(List.of(), tcpProxy);
  }
}
