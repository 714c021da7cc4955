package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * One filter chain of a TCP listener: the TLS server names (SNI) it matches and where it relays.
 *
 * @param serverNames {@code filter_chain_match.server_names}, lower case: exact names or
 *     {@code *.suffix} wildcards; empty = any connection no other chain matches
 * @param tcpProxy where the bytes go
 */
public record TcpChain(List<String> serverNames, TcpProxyConfig tcpProxy) {

  public TcpChain {
    serverNames = serverNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    requireNonNull(tcpProxy, "tcpProxy");
  }

  /** A chain that matches every connection. */
  public static TcpChain any(TcpProxyConfig tcpProxy) {
    return new TcpChain(List.of(), tcpProxy);
  }
}
