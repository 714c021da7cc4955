package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

/**
 * The mesh resources of docs/xds.md's security contract, as pilot writes them, for the TLS ITs:
 * an inbound listener (STRICT or PERMISSIVE) with its {@code inbound|<port>||} cluster, an outbound
 * listener, an auto-mTLS outbound cluster and the {@code ROOTCA} secret.
 */
final class MeshTlsResources {

  static final String TRUST_DOMAIN_PREFIX = "spiffe://cluster.local/";

  private MeshTlsResources() {}

  /** The mesh {@code common_tls_context} with {@code alpn}, e.g. {@code [h2, http/1.1]}. */
  static String meshContext(String alpn, String indent) {
    return ("""
        tls_params: {tls_minimum_protocol_version: TLSv1_2}
        tls_certificate_sds_secret_configs:
        - name: default
          sds_config:
            api_config_source:
              api_type: GRPC
              grpc_services: [{envoy_grpc: {cluster_name: sds-grpc}}]
              transport_api_version: V3
            resource_api_version: V3
        combined_validation_context:
          default_validation_context:
            match_typed_subject_alt_names: [{san_type: URI, matcher: {prefix: "%s"}}]
          validation_context_sds_secret_config: {name: ROOTCA, sds_config: {ads: {}, resource_api_version: V3}}
        alpn_protocols: %s
        """).formatted(TRUST_DOMAIN_PREFIX, alpn).replace("\n", "\n" + indent);
  }

  private static String hcm(String statPrefix, String cluster, boolean xfcc, String indent) {
    return ("""
        name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: %s
        %s  route_config:
            name: "%s"
            virtual_hosts: [{name: all, domains: ["*"], routes: [{match: {prefix: "/"}, route: {cluster: "%s", timeout: 0s}}]}]
          http_filters: [{name: envoy.filters.http.router, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}]
        """).formatted(statPrefix,
            xfcc ? "  forward_client_cert_details: SANITIZE_SET\n  set_current_client_cert_details: {uri: true}\n" : "",
            cluster, cluster)
        .replace("\n", "\n" + indent);
  }

  /**
   * The start of pilot's inbound TLS chain, up to its filters: {@code transport_protocol: tls} and
   * the mTLS transport socket offering {@code alpn}.
   */
  static String tlsChainHead(String alpn) {
    return """
        - filter_chain_match: {transport_protocol: tls}
          transport_socket:
            name: envoy.transport_sockets.tls
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
              require_client_certificate: true
              common_tls_context:
                %s
        """.formatted(meshContext(alpn, "        "));
  }

  /** Pilot's inbound listener on {@code host:port}; PERMISSIVE adds the raw_buffer chain. */
  static Listener inbound(String host, int port, boolean permissive) {
    String tlsChain = tlsChainHead("[h2, http/1.1]") + """
          filters:
          - %s
        """.formatted(hcm("inbound_" + port, "inbound|" + port + "||", true, "    "));
    String plainChain = """
        - filter_chain_match: {transport_protocol: raw_buffer}
          filters:
          - %s
        """.formatted(hcm("inbound_" + port, "inbound|" + port + "||", true, "    "));
    return YamlProtos.parse("""
        name: inbound_%s_%d
        address: {socket_address: {address: %s, port_value: %d}}
        traffic_direction: INBOUND
        listener_filters: [{name: envoy.filters.listener.tls_inspector}]
        filter_chains:
        %s%s
        """.formatted(host, port, host, port, tlsChain, permissive ? plainChain : ""),
        Listener.getDefaultInstance());
  }

  /** The inbound cluster to the local app. */
  static Cluster inboundCluster(int port, int appPort) {
    return YamlProtos.parse("""
        name: "inbound|%d||"
        type: STATIC
        connect_timeout: 10s
        load_assignment:
          cluster_name: "inbound|%d||"
          endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}}]}]
        """.formatted(port, port, appPort), Cluster.getDefaultInstance());
  }

  /** A plaintext outbound listener routing everything to {@code cluster}. */
  static Listener outbound(String host, int port, String cluster) {
    return outboundWith(host, port, hcm("outbound_" + port, cluster, false, "    "));
  }

  /** A plaintext outbound listener whose one chain has {@code filter} (YAML, lines indented 4). */
  static Listener outboundWith(String host, int port, String filter) {
    return YamlProtos.parse("""
        name: outbound_%d
        address: {socket_address: {address: %s, port_value: %d}}
        filter_chains:
        - filters:
          - %s
        """.formatted(port, host, port, filter), Listener.getDefaultInstance());
  }

  /** Auto mTLS: TLS to an endpoint labelled {@code tlsMode: istio}, plaintext to the rest. */
  static Cluster autoMtlsCluster(String name, String host, int port, String sni) {
    return autoMtlsCluster(name, host, port, sni, false);
  }

  /** As above; with {@code h2}, HTTP/2 upstream and ALPN {@code h2} (pilot's HTTP2/GRPC ports). */
  static Cluster autoMtlsCluster(String name, String host, int port, String sni, boolean h2) {
    return YamlProtos.parse("""
        name: "%s"
        type: STATIC
        connect_timeout: 5s
        %s
        transport_socket_matches:
        - name: tlsMode-istio
          match: {tlsMode: istio}
          transport_socket:
            name: envoy.transport_sockets.tls
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
              sni: "%s"
              common_tls_context:
                %s
        - name: tlsMode-disabled
          match: {}
          transport_socket: {name: envoy.transport_sockets.raw_buffer, typed_config: {"@type": type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer}}
        load_assignment:
          cluster_name: "%s"
          endpoints:
          - lb_endpoints:
            - endpoint: {address: {socket_address: {address: %s, port_value: %d}}}
              metadata: {filter_metadata: {envoy.transport_socket_match: {tlsMode: istio}}}
        """.formatted(name, h2 ? """
        typed_extension_protocol_options:
          envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
            "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
            explicit_http_config: {http2_protocol_options: {}}
        """.replace("\n", "\n        ") : "", sni,
            meshContext(h2 ? "[h2]" : "[http/1.1]", "        "), name, host, port),
        Cluster.getDefaultInstance());
  }

  /** {@code ROOTCA}: every root in {@code pem}. */
  static Secret rootCa(String pem) {
    return Secret.newBuilder().setName("ROOTCA")
        .setValidationContext(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3
            .CertificateValidationContext.newBuilder()
            .setTrustedCa(io.envoyproxy.envoy.config.core.v3.DataSource.newBuilder()
                .setInlineString(pem)))
        .build();
  }
}
