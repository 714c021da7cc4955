package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.DeltaAdsClient;
import io.meshbridge.pilot.xds.TrustBundles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, over real mTLS gRPC on loopback: a node's {@code NAMESPACE} and {@code
 * SERVICE_ACCOUNT} must be its client certificate's, as istiod checks them.
 */
class NodeIdentityIT {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");

  @TempDir Path directory;
  CertificateAuthority ca;
  Pilot pilot;
  CaServer server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws SSLException {
    ca = CertificateAuthority.open(CaOptions.defaults(directory).withPort(0), null,
        MutableClock.ofNow());
    pilot = Pilot.create(PilotOptions.defaults(), List.of());
    server = pilot.secureServer(ca);
    server.start();
    pilot.start();
    KeyPair keys = Certificates.newKeyPair();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .overrideAuthority("localhost")
        .sslContext(GrpcSslContexts.forClient()
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .keyManager(keys.getPrivate(), CertificateAuthorityTest.join(ca, keys, ORDERS))
            .build())
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
    pilot.close();
  }

  @Test
  void theCertificatesNamespaceAndServiceAccountAreAccepted() {
    for (Node node : List.of(node("n1", "shop", "orders"), Node.newBuilder().setId("n2").build())) {
      try (AdsClient ads = new AdsClient(channel, node)) {
        ads.subscribe(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(ads.next().getTypeUrl()).isEqualTo(Resources.V3.CLUSTER_TYPE_URL);
      }
    }
    try (DeltaAdsClient delta = new DeltaAdsClient(channel, node("n3", "shop", "orders"))) {
      // (No clusters in this mesh: delta would send nothing for CDS, but every sidecar has ROOTCA.)
      delta.subscribe(Resources.V3.SECRET_TYPE_URL, TrustBundles.ROOTCA);
      assertThat(delta.next().getTypeUrl()).isEqualTo(Resources.V3.SECRET_TYPE_URL);
    }
    assertThat(ca.metrics().peersRefused(Refusal.IDENTITY_MISMATCH)).isZero();
  }

  @Test
  void anotherNamespaceOrServiceAccountIsRefusedNamingTheFieldAndCounted() {
    AdsClient namespace = new AdsClient(channel, node("n1", "billing", "orders"));
    namespace.subscribe(Resources.V3.CLUSTER_TYPE_URL);
    assertRefused(namespace::error, "IDENTITY_MISMATCH: node 'n1': metadata.NAMESPACE:"
        + " 'billing' (expected: 'shop', the namespace of its client certificate "
        + ORDERS.uri() + ")");

    DeltaAdsClient account = new DeltaAdsClient(channel, node("n2", "shop", "admin"));
    account.subscribe(Resources.V3.CLUSTER_TYPE_URL);
    assertRefused(account::error, "IDENTITY_MISMATCH: node 'n2': metadata.SERVICE_ACCOUNT:"
        + " 'admin' (expected: 'orders', the service account of its client certificate "
        + ORDERS.uri() + ")");

    assertThat(ca.metrics().peersRefused(Refusal.IDENTITY_MISMATCH)).isEqualTo(2);
    assertThat(ca.metrics().peersAuthenticated()).isEqualTo(2);
    await().until(() -> pilot.proxies().isEmpty());
  }

  private static void assertRefused(Supplier<@Nullable Throwable> error, String description) {
    await().until(() -> error.get() != null);
    Status status = Status.fromThrowable(error.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).isEqualTo(description);
  }

  private static Node node(String id, String namespace, String serviceAccount) {
    return Node.newBuilder().setId(id).setMetadata(Struct.newBuilder()
        .putFields("NAMESPACE", Value.newBuilder().setStringValue(namespace).build())
        .putFields("SERVICE_ACCOUNT", Value.newBuilder().setStringValue(serviceAccount).build()))
        .build();
  }
}
