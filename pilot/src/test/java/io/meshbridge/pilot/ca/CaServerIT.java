package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.meshbridge.ca.api.IstioCertificateService;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA over a real TLS gRPC server on loopback, called as Istio's agent calls it: the first
 * certificate with a join token as a bearer token, the renewal with mTLS and a new key.
 */
class CaServerIT {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();
  final List<ManagedChannel> channels = new ArrayList<>();
  CertificateAuthority ca;
  CaServer server;

  @BeforeEach
  void start() {
    ca = CertificateAuthority.open(CaOptions.defaults(directory).withPort(0), null, clock);
    server = new CaServer(ca);
    server.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.stop();
  }

  @Test
  void aVmJoinsWithItsTokenThenRenewsWithItsCertificate() throws Exception {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    KeyPair first = Certificates.newKeyPair();
    List<X509Certificate> chain = call(channel(null, null), token.token(), Csrs.csr(first, ORDERS), 0);
    assertThat(CertificateAuthorityTest.uriSans(chain.get(0))).containsExactly(ORDERS.uri());
    assertThat(chain.get(chain.size() - 1)).isEqualTo(ca.authority().roots().get(0));

    // Later (the token has expired meanwhile), the VM renews with its certificate and a new key.
    clock.advance(Duration.ofHours(12));
    KeyPair second = Certificates.newKeyPair();
    List<X509Certificate> renewed = call(channel(first, chain), null, Csrs.csr(second, ORDERS), 3600);
    assertThat(renewed.get(0).getPublicKey()).isEqualTo(second.getPublic());
    assertThat(renewed.get(0).getNotAfter().toInstant().getEpochSecond())
        .isEqualTo(clock.instant().plusSeconds(3600).getEpochSecond());
    assertThat(ca.metrics().issued()).isEqualTo(2);
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAfterTheHandshakeWithTheReasonNamed(@TempDir Path other) {
    CertificateAuthority foreignCa = CertificateAuthority.open(CaOptions.defaults(other), null, clock);
    KeyPair keys = Certificates.newKeyPair();
    List<X509Certificate> foreign = CertificateAuthorityTest.join(foreignCa, keys, ORDERS);

    assertThatThrownBy(() -> call(channel(keys, foreign), null, Csrs.csr(Certificates.newKeyPair(), ORDERS), 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("UNTRUSTED_CERTIFICATE: client certificate");
        });
    assertThat(ca.metrics().refused(Refusal.UNTRUSTED_CERTIFICATE)).isEqualTo(1);
  }

  @Test
  void anExpiredCertificateIsRefused() {
    KeyPair keys = Certificates.newKeyPair();
    List<X509Certificate> chain = CertificateAuthorityTest.join(ca, keys, ORDERS);
    clock.advance(Duration.ofHours(25));

    assertThatThrownBy(() -> call(channel(keys, chain), null, Csrs.csr(Certificates.newKeyPair(), ORDERS), 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getDescription()).startsWith("CERTIFICATE_EXPIRED"));
  }

  @Test
  void badRequestsAreRefusedWithTheirReason() {
    ManagedChannel channel = channel(null, null);
    assertThatThrownBy(() -> call(channel, null, Csrs.csr(Certificates.newKeyPair(), ORDERS), 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("NO_CREDENTIALS");
        });
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    assertThatThrownBy(() -> call(channel, token.token(), "x".repeat(CertificateAuthority.MAX_CSR_BYTES + 1), 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith("CSR_TOO_LARGE");
        });
    // Far above the limit the CA still names the reason; above 4 MiB (the port serves xDS too)
    // the transport refuses the message before anything parses it.
    assertThatThrownBy(() -> call(channel, token.token(), "x".repeat(1 << 20), 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getDescription()).startsWith("CSR_TOO_LARGE"));
    assertThatThrownBy(() -> call(channel, token.token(), "x".repeat(5 << 20), 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  private ManagedChannel channel(@Nullable KeyPair keys, @Nullable List<X509Certificate> chain) {
    try {
      SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca.authority().roots());
      if (keys != null && chain != null) {
        tls.keyManager(keys.getPrivate(), chain);
      }
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.port()).sslContext(tls.build()).build();
      channels.add(channel);
      return channel;
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<X509Certificate> call(
      ManagedChannel channel, @Nullable String bearer, String csr, long validitySeconds) {
    Metadata headers = new Metadata();
    if (bearer != null) {
      headers.put(CaGrpcService.AUTHORIZATION, "Bearer " + bearer);
    }
    IstioCertificateService.Response response =
        ClientCalls.blockingUnaryCall(
            io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(IstioCertificateService.CREATE_CERTIFICATE, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            new IstioCertificateService.Request(csr, "", validitySeconds));
    return response.certChain().stream().map(p -> Pem.certificates("chain", p).get(0)).toList();
  }
}
