package io.meshbridge.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ServerCalls;
import io.meshbridge.ca.api.IstioCertificateService;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.testing.TestCa;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA client against a TLS gRPC CreateCertificate server on loopback, after a root rotation's
 * overlap: the server's certificate chains to the new root, which only ROOTCA has (the root file
 * still holds the old one).
 */
class GrpcCertificateSignerIT {

  private static final String ID = "spiffe://cluster.local/ns/shop/sa/orders";

  @Test
  void renewsAgainstAServerSignedByARootOnlyInRootCa(@TempDir Path dir) throws Exception {
    TestCa oldRoot = TestCa.create("old-root");
    TestCa newRoot = TestCa.create("new-root");
    Path rootFile = Files.writeString(dir.resolve("root-cert.pem"), oldRoot.rootPem());
    TestCa.Issued serving = newRoot.issueServer(
        "spiffe://cluster.local/ns/meshbridge-system/sa/pilot", "127.0.0.1");
    ServerServiceDefinition service = ServerServiceDefinition
        .builder(IstioCertificateService.SERVICE_NAME)
        .addMethod(IstioCertificateService.CREATE_CERTIFICATE,
            ServerCalls.<IstioCertificateService.Request, IstioCertificateService.Response>
                asyncUnaryCall((request, response) -> {
                  Instant now = Instant.now();
                  X509Certificate leaf = newRoot.sign(
                      IdentityProviderTest.publicKey(request.csr()), ID, now.minusSeconds(60),
                      now.plus(Duration.ofHours(1)));
                  response.onNext(new IstioCertificateService.Response(
                      List.of(pem(leaf), newRoot.rootPem())));
                  response.onCompleted();
                }))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.configure(
                SslContextBuilder.forServer(serving.keys().getPrivate(), serving.certificate()))
            .trustManager(newRoot.root()).clientAuth(ClientAuth.OPTIONAL).build())
        .addService(service).build().start();
    AtomicReference<List<X509Certificate>> rootCa = new AtomicReference<>(List.of());
    CertificateSigner signer = new GrpcCertificateSigner(new HostPort("127.0.0.1", server.getPort()),
        new MeshTrustManager(rootFile, rootCa::get));
    TlsSecret current = newRoot.issue(ID).secret("default");
    try {
      assertThatThrownBy(() -> signer.sign(csr(), null, current))
          .isInstanceOf(CertificateSigner.SignException.class)
          .hasMessageContaining("UNAVAILABLE");

      rootCa.set(List.of(oldRoot.root(), newRoot.root()));
      List<X509Certificate> chain = signer.sign(csr(), null, current);

      assertThat(chain.get(0).getSubjectAlternativeNames())
          .anySatisfy(san -> assertThat(san.get(1)).isEqualTo(ID));
      assertThat(chain.get(chain.size() - 1)).isEqualTo(newRoot.root());
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String csr() throws Exception {
    KeyPair keys = Csr.newKey();
    return Csr.pem(keys, ID);
  }

  private static String pem(X509Certificate certificate) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString();
  }
}
