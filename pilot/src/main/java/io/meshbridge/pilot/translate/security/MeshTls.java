package io.meshbridge.pilot.translate.security;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.model.Protocol;
import java.util.List;

/**
 * The mesh's TLS contexts (docs/xds.md, "Transport sockets"): the workload certificate from SDS
 * secret {@code default} (cluster {@code sds-grpc}), the roots from {@code ROOTCA} (over ADS), any
 * peer of the trust domain accepted.
 */
public final class MeshTls {

  public static final String TLS_SOCKET = "envoy.transport_sockets.tls";
  public static final String RAW_BUFFER_SOCKET = "envoy.transport_sockets.raw_buffer";
  public static final String DEFAULT_SECRET = "default";
  public static final String ROOT_SECRET = "ROOTCA";
  public static final String SDS_CLUSTER = "sds-grpc";

  private static final ConfigSource SDS_GRPC =
      ConfigSource.newBuilder()
          .setApiConfigSource(
              ApiConfigSource.newBuilder()
                  .setApiType(ApiConfigSource.ApiType.GRPC)
                  .addGrpcServices(
                      GrpcService.newBuilder()
                          .setEnvoyGrpc(
                              GrpcService.EnvoyGrpc.newBuilder().setClusterName(SDS_CLUSTER)))
                  .setTransportApiVersion(ApiVersion.V3))
          .setResourceApiVersion(ApiVersion.V3)
          .build();

  private static final ConfigSource ADS =
      ConfigSource.newBuilder()
          .setAds(AggregatedConfigSource.getDefaultInstance())
          .setResourceApiVersion(ApiVersion.V3)
          .build();

  /** {@code <mesh>} with {@code alpn}: TLS 1.2+, {@code default} certificate, {@code ROOTCA}. */
  static CommonTlsContext mesh(String trustDomain, List<String> alpn) {
    return CommonTlsContext.newBuilder()
        .setTlsParams(
            TlsParameters.newBuilder()
                .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2))
        .addTlsCertificateSdsSecretConfigs(
            SdsSecretConfig.newBuilder().setName(DEFAULT_SECRET).setSdsConfig(SDS_GRPC))
        .setCombinedValidationContext(
            CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
                .setDefaultValidationContext(
                    CertificateValidationContext.newBuilder()
                        .addMatchTypedSubjectAltNames(
                            SubjectAltNameMatcher.newBuilder()
                                .setSanType(SubjectAltNameMatcher.SanType.URI)
                                .setMatcher(
                                    StringMatcher.newBuilder()
                                        .setPrefix("spiffe://" + trustDomain + "/"))))
                .setValidationContextSdsSecretConfig(
                    SdsSecretConfig.newBuilder().setName(ROOT_SECRET).setSdsConfig(ADS)))
        .addAllAlpnProtocols(alpn)
        .build();
  }

  /**
   * The inbound transport socket: the mesh context, client certificate required; ALPN {@code h2,
   * http/1.1} on HTTP-family ports, none on TCP.
   */
  public static TransportSocket downstream(String trustDomain, boolean http) {
    List<String> alpn = http ? List.of("h2", "http/1.1") : List.of();
    DownstreamTlsContext context =
        DownstreamTlsContext.newBuilder()
            .setCommonTlsContext(mesh(trustDomain, alpn))
            .setRequireClientCertificate(BoolValue.of(true))
            .build();
    return socket(Any.pack(context));
  }

  /** An outbound mesh connection to a cluster: the mesh context with {@code sni}. */
  public static TransportSocket upstream(String trustDomain, String sni, Protocol protocol) {
    UpstreamTlsContext context =
        UpstreamTlsContext.newBuilder()
            .setSni(sni)
            .setCommonTlsContext(mesh(trustDomain, alpn(protocol)))
            .build();
    return socket(Any.pack(context));
  }

  /** {@code outbound_.<port>_.<subset>_.<host>}, Istio's SNI for a mesh cluster. */
  public static String sni(int port, String subset, String host) {
    return "outbound_." + port + "_." + subset + "_." + host;
  }

  /** ALPN of an outbound connection: {@code h2} for HTTP2 and GRPC ports, else {@code http/1.1}. */
  static List<String> alpn(Protocol protocol) {
    return protocol == Protocol.HTTP2 || protocol == Protocol.GRPC
        ? List.of("h2")
        : List.of("http/1.1");
  }

  /** Plaintext, for the {@code tlsMode-disabled} match. */
  public static TransportSocket rawBuffer() {
    return TransportSocket.newBuilder()
        .setName(RAW_BUFFER_SOCKET)
        .setTypedConfig(Any.pack(RawBuffer.getDefaultInstance()))
        .build();
  }

  static TransportSocket socket(Any context) {
    return TransportSocket.newBuilder().setName(TLS_SOCKET).setTypedConfig(context).build();
  }

  private MeshTls() {}
}
