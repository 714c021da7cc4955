package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.cluster;
import static io.meshbridge.proxy.xds.XdsResources.endpoints;
import static io.meshbridge.proxy.xds.XdsResources.listener;
import static io.meshbridge.proxy.xds.XdsResources.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.TestCa;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xDS client over mTLS to a TLS gRPC server that requires a client certificate (as pilot's
 * 15012 does): it presents the identity current at each connect and trusts the CA root file.
 */
class XdsTlsIT {

  @Test
  void connectsWithItsIdentityCertificateToAServerThatRequiresOne(@TempDir Path dir) throws Exception {
    TestCa ca = TestCa.create("pilot-ca");
    TestCa.Issued serving = ca.issueServer("spiffe://cluster.local/ns/meshbridge-system/sa/pilot",
        "127.0.0.1");
    Path rootFile = dir.resolve("root-cert.pem");
    Files.writeString(rootFile, ca.rootPem());
    NettyServerBuilder tls = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl
                .SslContextBuilder.forServer(serving.keys().getPrivate(), serving.certificate()))
            .trustManager(ca.root()).clientAuth(ClientAuth.REQUIRE).build());
    AtomicReference<TlsSecret> identity = new AtomicReference<>(
        ca.issue("spiffe://cluster.local/ns/shop/sa/orders").secret("default"));
    RecordingDataPlane dataPlane = new RecordingDataPlane();
    try (ControlPlane pilot = new ControlPlane(tls)) {
      pilot.setSnapshot(Snapshot.create(List.of(cluster("c", 1)), List.of(endpoints("c", "10.1.1.1")),
          List.of(listener("127.0.0.1_18080", 18080, "18080")),
          List.of(route("18080", "c.mesh", "c")), List.of(), "1"));
      XdsChannelFactory channels =
          XdsTlsChannels.mtls(Duration.ofSeconds(5), identity::get, rootFile, List::of);
      XdsClient client = new XdsClient(Node.newBuilder().setId("orders-vm-1").build(),
          AdsApi.DELTA, List.of(new HostPort("127.0.0.1", pilot.port())), channels, dataPlane,
          new StatsRegistry(), BackoffPolicy.DEFAULT, Clock.systemUTC());
      try {
        client.start();
        await().atMost(Duration.ofSeconds(60)).until(client::ready);
        assertThat(dataPlane.serving().endpointsOf("c")).extracting(e -> e.host())
            .containsExactly("10.1.1.1");
        String seen = pilot.requests(ResourceType.LDS).get(0).node().getId();
        assertThat(seen).isEqualTo("orders-vm-1");
      } finally {
        client.close();
      }
    }
  }

  /**
   * As pilot's 15012: client certificates optional at the handshake, a stream without one refused.
   * The client starts without an identity (refused), gets one, and the next connection presents
   * it: a TLS session resumed from the first, certificate-less handshake would present none.
   */
  @Test
  void theFirstCertificateIsPresentedAfterAConnectionWithoutOne(@TempDir Path dir)
      throws Exception {
    TestCa ca = TestCa.create("pilot-ca");
    TestCa.Issued serving = ca.issueServer("spiffe://cluster.local/ns/meshbridge-system/sa/pilot",
        "127.0.0.1");
    Path rootFile = dir.resolve("root-cert.pem");
    Files.writeString(rootFile, ca.rootPem());
    RequireClientCertificate refusals = new RequireClientCertificate();
    NettyServerBuilder tls = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl
                .SslContextBuilder.forServer(serving.keys().getPrivate(), serving.certificate()))
            .trustManager(ca.root()).clientAuth(ClientAuth.OPTIONAL).build())
        .intercept(refusals);
    AtomicReference<TlsSecret> identity = new AtomicReference<>();
    RecordingDataPlane dataPlane = new RecordingDataPlane();
    try (ControlPlane pilot = new ControlPlane(tls)) {
      pilot.setSnapshot(Snapshot.create(List.of(cluster("c", 1)), List.of(endpoints("c", "10.1.1.1")),
          List.of(listener("127.0.0.1_18080", 18080, "18080")),
          List.of(route("18080", "c.mesh", "c")), List.of(), "1"));
      XdsChannelFactory channels =
          XdsTlsChannels.mtls(Duration.ofSeconds(5), identity::get, rootFile, List::of);
      StatsRegistry stats = new StatsRegistry();
      XdsClient client = new XdsClient(Node.newBuilder().setId("orders-vm-1").build(),
          AdsApi.DELTA, List.of(new HostPort("127.0.0.1", pilot.port())), channels, dataPlane,
          stats, BackoffPolicy.DEFAULT, Clock.systemUTC());
      try {
        client.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> refusals.refused.get() >= 1);
        identity.set(ca.issue("spiffe://cluster.local/ns/shop/sa/orders").secret("default"));
        await().atMost(Duration.ofSeconds(60)).until(client::ready);
      } finally {
        client.close();
      }
    }
  }

  /** Closes a call UNAUTHENTICATED when the TLS session has no peer certificate. */
  private static final class RequireClientCertificate implements ServerInterceptor {
    final AtomicInteger refused = new AtomicInteger();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      boolean hasCertificate;
      try {
        hasCertificate = session != null && session.getPeerCertificates().length > 0;
      } catch (SSLPeerUnverifiedException e) {
        hasCertificate = false;
      }
      if (!hasCertificate) {
        refused.incrementAndGet();
        call.close(Status.UNAUTHENTICATED.withDescription("no client certificate"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
  }
}
