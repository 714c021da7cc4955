package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import java.util.List;
import java.util.Locale;

/**
 * One filter chain of a TCP listener: the TLS server names (SNI) it matches and where it relays.
 *
 * @param serverNames {@code filter_chain_match.server_names}, lower case: exact names or
 *     {@code *.suffix} wildcards; empty = any connection no other chain matches
 * @param tcpProxy where the bytes go
 * @param rbac the network RBAC filters before the tcp_proxy ({@code envoy.filters.network.rbac}),
 *     in order, checked once per connection before any upstream connect
 */
public record TcpChain(
    List<String> serverNames, TcpProxyConfig tcpProxy, List<RbacFilterConfig> rbac) {

  public TcpChain {
    rbac = List.copyOf(rbac);
    serverNames = serverNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    requireNonNull(tcpProxy, "tcpProxy");
  }

  /** A chain without RBAC filters. */
  public TcpChain(List<String> serverNames, TcpProxyConfig tcpProxy) {
    this(serverNames, tcpProxy, List.of());
  }

  /** A chain that matches every connection. */
  public static TcpChain any(TcpProxyConfig tcpProxy) {
    return new TcpChain(List.of(), tcpProxy);
  }
}
