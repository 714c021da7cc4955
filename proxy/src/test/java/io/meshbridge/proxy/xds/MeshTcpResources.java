package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.listener.v3.Listener;

/**
 * docs/xds.md's inbound listener for a TCP port, as pilot writes it: the TLS inspector, a {@code
 * transport_protocol: tls} chain terminating mTLS (STRICT), plus a {@code raw_buffer} chain
 * (PERMISSIVE), or one plain chain (DISABLE); each chain a network RBAC allowing one principal,
 * then a tcp_proxy to {@code inbound|<port>||}. And a plain outbound tcp_proxy listener.
 */
final class MeshTcpResources {

  /** PeerAuthentication modes. */
  enum Mode { STRICT, PERMISSIVE, DISABLE }

  private MeshTcpResources() {}

  /**
   * The chain's filters: RBAC allowing {@code principal} (exact; none for {@code ""}), then the
   * tcp_proxy.
   */
  private static String filters(int port, String principal) {
    String rbac = principal.isEmpty() ? "" : """
          - name: envoy.filters.network.rbac
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC
              stat_prefix: tcp.
              rules:
                action: ALLOW
                policies:
                  "ns[shop]-policy[allow-client]-rule[0]":
                    permissions: [{any: true}]
                    principals: [{authenticated: {principal_name: {exact: "%s"}}}]
        """.formatted(principal);
    return "  filters:\n" + rbac + """
          - name: envoy.filters.network.tcp_proxy
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
              stat_prefix: "inbound|%d||"
              cluster: "inbound|%d||"
        """.formatted(port, port);
  }

  /** Pilot's inbound listener for TCP port {@code port} in {@code mode}. */
  static Listener inbound(String host, int port, Mode mode, String principal) {
    return YamlProtos.parse(inboundYaml(host, port, mode, principal), Listener.getDefaultInstance());
  }

  /** That listener as YAML. */
  static String inboundYaml(String host, int port, Mode mode, String principal) {
    String tlsChain = MeshTlsResources.tlsChainHead("[]") + filters(port, principal);
    String rawChain = "- filter_chain_match: {transport_protocol: raw_buffer}\n"
        + filters(port, principal);
    String chains = switch (mode) {
      case STRICT -> tlsChain;
      case PERMISSIVE -> tlsChain + rawChain;
      case DISABLE -> "- " + filters(port, principal).substring(2);
    };
    String inspector = mode == Mode.DISABLE
        ? "" : "listener_filters: [{name: envoy.filters.listener.tls_inspector}]\n";
    return """
        name: inbound_%s_%d
        address: {socket_address: {address: %s, port_value: %d}}
        traffic_direction: INBOUND
        %sfilter_chains:
        %s
        """.formatted(host, port, host, port, inspector, chains);
  }

  /** A plain outbound tcp_proxy listener to {@code cluster}. */
  static Listener outbound(String host, int port, String cluster) {
    String tcpProxy = """
        name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: outbound_%d
          cluster: "%s"
        """.formatted(port, cluster).replace("\n", "\n    ");
    return MeshTlsResources.outboundWith(host, port, tcpProxy);
  }
}
