package io.meshbridge.proxy.identity;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.meshbridge.ca.api.IstioCertificateService;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.dataplane.tls.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * {@link CertificateSigner} over gRPC with TLS to pilot's CA port: trusts {@code
 * MESHBRIDGE_CA_ROOT_FILE} plus the {@code ROOTCA} roots ({@link MeshTrustManager}, as the xDS
 * channel does: after a root rotation pilot's serving certificate chains to the new root only), sends the token as {@code authorization: Bearer <token>} (how pilot's
 * {@code CaGrpcService} reads it) or presents the current certificate. One short-lived channel per
 * request, with a TLS context of its own (no session resumed from an attempt with another client
 * certificate or none): requests are rare (first CSR, renewals, retries).
 */
final class GrpcCertificateSigner implements CertificateSigner {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final HostPort ca;
  private final MeshTrustManager trust;

  GrpcCertificateSigner(HostPort ca, MeshTrustManager trust) {
    this.ca = requireNonNull(ca, "ca");
    this.trust = requireNonNull(trust, "trust");
  }

  @Override
  public List<X509Certificate> sign(String csrPem, @Nullable String bearerToken,
      @Nullable TlsSecret current) throws SignException {
    ManagedChannel channel;
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(trust);
      if (current != null && current.key() != null) {
        ssl.keyManager(current.key(), current.chain().toArray(new X509Certificate[0]));
      }
      channel = NettyChannelBuilder.forAddress(ca.host(), ca.port()).sslContext(ssl.build())
          .maxInboundMessageSize(IstioCertificateService.MAX_MESSAGE_BYTES).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new SignException("cannot set up TLS to the CA at " + ca + ": " + e.getMessage(), e);
    }
    try {
      Metadata headers = new Metadata();
      if (bearerToken != null) {
        headers.put(AUTHORIZATION, "Bearer " + bearerToken);
      }
      IstioCertificateService.Response response = ClientCalls.blockingUnaryCall(
          io.grpc.ClientInterceptors.intercept(channel,
              MetadataUtils.newAttachHeadersInterceptor(headers)),
          IstioCertificateService.CREATE_CERTIFICATE,
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
          new IstioCertificateService.Request(csrPem, "", 0));
      List<X509Certificate> chain = new ArrayList<>();
      for (String pem : response.certChain()) {
        chain.addAll(Pem.certificates(pem));
      }
      return chain;
    } catch (StatusRuntimeException e) {
      throw new SignException("the CA at " + ca + " answered " + e.getStatus().getCode() + ": "
          + e.getStatus().getDescription(), e);
    } catch (Pem.PemException e) {
      throw new SignException("the CA at " + ca + " sent a bad chain: " + e.getMessage(), e);
    } finally {
      channel.shutdownNow();
    }
  }
}
