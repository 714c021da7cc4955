package io.meshbridge.pilot.translate.security;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.model.Protocol;
import io.meshbridge.pilot.policy.ClientTls;
import org.jspecify.annotations.Nullable;

/** A DestinationRule's {@code tls} as a cluster's {@code transport_socket}. */
public final class ClientTlsSockets {

  /**
   * The transport socket for {@code tls}: null for DISABLE, the mesh context for ISTIO_MUTUAL,
   * the files and checks of the DestinationRule for SIMPLE and MUTUAL.
   *
   * @param meshSni the cluster's {@link MeshTls#sni} (ISTIO_MUTUAL)
   * @param host the DestinationRule's host: the SNI of SIMPLE and MUTUAL without {@code sni}
   */
  public static @Nullable TransportSocket of(
      ClientTls tls, String trustDomain, String meshSni, String host, Protocol protocol) {
    return switch (tls.mode()) {
      case DISABLE -> null;
      case ISTIO_MUTUAL -> MeshTls.upstream(trustDomain, meshSni, protocol);
      case SIMPLE, MUTUAL -> MeshTls.socket(Any.pack(files(tls, host, protocol)));
    };
  }

  private static UpstreamTlsContext files(ClientTls tls, String host, Protocol protocol) {
    CommonTlsContext.Builder common =
        CommonTlsContext.newBuilder().addAllAlpnProtocols(MeshTls.alpn(protocol));
    if (!tls.insecureSkipVerify()) {
      CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder();
      if (tls.caCertificates().isEmpty()) {
        validation.setSystemRootCerts(
            CertificateValidationContext.SystemRootCerts.getDefaultInstance());
      } else {
        validation.setTrustedCa(file(tls.caCertificates()));
      }
      for (String san : tls.subjectAltNames()) {
        validation.addMatchTypedSubjectAltNames(
            SubjectAltNameMatcher.newBuilder()
                .setSanType(SubjectAltNameMatcher.SanType.DNS)
                .setMatcher(StringMatcher.newBuilder().setExact(san)));
      }
      common.setValidationContext(validation);
    }
    if (tls.mode() == ClientTls.Mode.MUTUAL) {
      common.addTlsCertificates(
          TlsCertificate.newBuilder()
              .setCertificateChain(file(tls.clientCertificate()))
              .setPrivateKey(file(tls.privateKey())));
    }
    return UpstreamTlsContext.newBuilder()
        .setSni(tls.sni().isEmpty() ? host : tls.sni())
        .setCommonTlsContext(common)
        .build();
  }

  private static DataSource file(String path) {
    return DataSource.newBuilder().setFilename(path).build();
  }

  private ClientTlsSockets() {}
}
