package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.DeltaAdsClient;
import io.meshbridge.pilot.xds.ProxyStatus;
import io.meshbridge.pilot.xds.TrustBundles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pilot's TLS port with real TLS gRPC on loopback: ADS needs a mesh client certificate, the CA
 * keeps taking join tokens without one, and every sidecar gets the {@code ROOTCA} secret.
 */
class SecureXdsIT {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");
  static final SpiffeId RETIRED = new SpiffeId("cluster.local", "shop", "retired");
  static final Node SIDECAR = Node.newBuilder().setId("sidecar-1").setCluster("shop").build();

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();
  final List<ManagedChannel> channels = new ArrayList<>();
  CertificateAuthority ca;
  Pilot pilot;
  CaServer server;

  @BeforeEach
  void start() {
    ca = open();
    pilot = Pilot.create(PilotOptions.defaults(), List.of());
    server = pilot.secureServer(ca);
    server.start();
    pilot.start();
  }

  CertificateAuthority open() {
    CaOptions options =
        CaOptions.defaults(directory)
            .withPort(0)
            .withRevoked(Set.of(RETIRED))
            .withServingCertTtl(Duration.ofHours(1));
    return CertificateAuthority.open(options, null, clock);
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.stop();
    pilot.close();
  }

  @Test
  void plaintextXdsIsNotBoundUnlessAskedFor() {
    assertThat(pilot.xdsPort()).isEqualTo(-1);
  }

  @Test
  void withoutAClientCertificateAdsIsRefused() {
    assertRefused(channel(null, null), "NO_CREDENTIALS: no client certificate");
    assertRefusedDelta(channel(null, null), "NO_CREDENTIALS");
    assertThat(ca.metrics().peersRefused(Refusal.NO_CREDENTIALS)).isEqualTo(2);
  }

  @Test
  void certificatesFromAnotherCaTrustDomainOrTimeOrRevokedAreRefusedByName(@TempDir Path other) {
    CertificateAuthority foreignCa = CertificateAuthority.open(CaOptions.defaults(other), null, clock);
    KeyPair foreignKeys = Certificates.newKeyPair();
    List<X509Certificate> foreign = CertificateAuthorityTest.join(foreignCa, foreignKeys, ORDERS);
    assertRefused(channel(foreignKeys, foreign), "UNTRUSTED_CERTIFICATE: client certificate");

    KeyPair keys = Certificates.newKeyPair();
    SpiffeId elsewhere = new SpiffeId("corp.example", "shop", "orders");
    assertRefused(channel(keys, direct(keys, elsewhere)), "WRONG_TRUST_DOMAIN: client certificate");
    assertRefused(channel(keys, direct(keys, RETIRED)), "REVOKED: " + RETIRED.uri());

    List<X509Certificate> mesh = CertificateAuthorityTest.join(ca, keys, ORDERS);
    clock.advance(Duration.ofHours(25));
    assertRefused(channel(keys, mesh), "CERTIFICATE_EXPIRED: client certificate");

    assertThat(ca.metrics().peersRefused(Refusal.UNTRUSTED_CERTIFICATE)).isEqualTo(1);
    assertThat(ca.metrics().peersRefused(Refusal.WRONG_TRUST_DOMAIN)).isEqualTo(1);
    assertThat(ca.metrics().peersRefused(Refusal.REVOKED)).isEqualTo(1);
    assertThat(ca.metrics().peersRefused(Refusal.CERTIFICATE_EXPIRED)).isEqualTo(1);
    assertThat(ca.metrics().peersAuthenticated()).isZero();
  }

  @Test
  void aMeshCertificateGetsItsSnapshotWithRootcaOverSotwAndDelta() throws Exception {
    KeyPair keys = Certificates.newKeyPair();
    ManagedChannel channel = channel(keys, CertificateAuthorityTest.join(ca, keys, ORDERS));

    try (AdsClient ads = new AdsClient(channel, SIDECAR)) {
      ads.subscribe(Resources.V3.CLUSTER_TYPE_URL);
      assertThat(ads.next().getTypeUrl()).isEqualTo(Resources.V3.CLUSTER_TYPE_URL);
      ads.subscribe(Resources.V3.SECRET_TYPE_URL, TrustBundles.ROOTCA);
      assertThat(trustedCa(ads.next())).isEqualTo(ca.rootsPem());
      await().untilAsserted(() -> assertThat(pilot.proxies())
          .extracting(ProxyStatus::identity).containsExactly(ORDERS.uri()));
    }
    DeltaAdsClient delta = new DeltaAdsClient(channel, SIDECAR);
    delta.subscribe(Resources.V3.SECRET_TYPE_URL, TrustBundles.ROOTCA);
    DeltaDiscoveryResponse response = delta.next();
    assertThat(response.getResourcesList()).extracting(r -> r.getName()).containsExactly(TrustBundles.ROOTCA);
    delta.close();
    assertThat(ca.metrics().peersAuthenticated()).isEqualTo(2);
  }

  @Test
  void aJoinTokenCsrStillWorksWithoutAClientCertificate() {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    List<X509Certificate> chain =
        CaCalls.create(channel(null, null), token.token(), Csrs.csr(Certificates.newKeyPair(), ORDERS));
    assertThat(chain.get(chain.size() - 1)).isEqualTo(ca.authority().roots().get(0));
  }

  @Test
  void duringARootRotationBothRootsWorkAndAfterItOnlyTheNewOne() throws Exception {
    X509Certificate oldRoot = ca.authority().roots().get(0);
    KeyPair oldKeys = Certificates.newKeyPair();
    List<X509Certificate> oldCert = CertificateAuthorityTest.join(ca, oldKeys, ORDERS);
    AdsClient watching = new AdsClient(channel(oldKeys, oldCert), SIDECAR);
    watching.subscribe(Resources.V3.SECRET_TYPE_URL, TrustBundles.ROOTCA);
    DiscoveryResponse first = watching.next();
    assertThat(trustedCa(first)).isEqualTo(Pem.encode(oldRoot));
    watching.ack(first, TrustBundles.ROOTCA);

    Instant ends = ca.rotateRoot(Duration.ofHours(2));
    X509Certificate newRoot = ca.authority().roots().get(0);
    assertThat(newRoot).isNotEqualTo(oldRoot);
    DiscoveryResponse both = watching.next(); // pushed to the open stream
    assertThat(trustedCa(both)).isEqualTo(Pem.encode(List.of(newRoot, oldRoot)));
    watching.ack(both, TrustBundles.ROOTCA);

    // New certificates come from the new root, also for a renewal with an old-root certificate.
    KeyPair renewedKeys = Certificates.newKeyPair();
    List<X509Certificate> renewed =
        CaCalls.renew(channel(oldKeys, oldCert), Csrs.csr(renewedKeys, ORDERS));
    assertThat(renewed.get(renewed.size() - 1)).isEqualTo(newRoot);
    assertAdsWorks(channel(oldKeys, oldCert));
    assertAdsWorks(channel(renewedKeys, renewed));
    // Pilot keeps serving with the old root during the overlap, for proxies that know only it.
    assertThat(server.servingCertificate().getIssuerX500Principal()).isEqualTo(oldRoot.getSubjectX500Principal());

    // A restart in the middle of the overlap keeps it.
    CertificateAuthority restarted = open();
    assertThat(restarted.trustedRoots()).containsExactly(newRoot, oldRoot);
    assertThat(restarted.overlapEnds()).isEqualTo(ends);

    clock.advance(Duration.ofHours(3)); // the old certificate is still within its 24 h
    server.refresh();
    assertThat(trustedCa(watching.next())).isEqualTo(Pem.encode(newRoot));
    assertThat(ca.trustedRoots()).containsExactly(newRoot);
    assertRefused(channel(oldKeys, oldCert), "UNTRUSTED_CERTIFICATE");
    assertAdsWorks(channel(renewedKeys, renewed));
    assertThat(server.servingCertificate().getIssuerX500Principal()).isEqualTo(newRoot.getSubjectX500Principal());
    assertThat(open().trustedRoots()).containsExactly(newRoot);
    assertThat(directory.resolve(RootRotation.STATE)).doesNotExist();
    watching.close();
  }

  @Test
  void theServingCertificateIsRenewedWithoutARestart() throws Exception {
    X509Certificate first = ServingCertificates.presented(server.port());
    assertThat(first).isEqualTo(server.servingCertificate());
    first.verify(ca.authority().roots().get(0).getPublicKey());
    assertThat(ServingCertificates.dnsNames(first)).containsExactly("istiod.meshbridge-system.svc", "localhost");

    clock.advance(Duration.ofMinutes(40)); // before 80 % of 1 h
    server.refresh();
    assertThat(server.servingCertificate()).isEqualTo(first);

    clock.advance(Duration.ofMinutes(10));
    server.refresh();
    X509Certificate second = server.servingCertificate();
    assertThat(second).isNotEqualTo(first);
    assertThat(ServingCertificates.presented(server.port())).isEqualTo(second);
    second.verify(ca.authority().roots().get(0).getPublicKey());
    assertThat(second.getNotBefore()).isAfter(first.getNotBefore());
  }

  private void assertAdsWorks(ManagedChannel channel) {
    try (AdsClient ads = new AdsClient(channel, SIDECAR)) {
      ads.subscribe(Resources.V3.CLUSTER_TYPE_URL);
      assertThat(ads.next().getTypeUrl()).isEqualTo(Resources.V3.CLUSTER_TYPE_URL);
    }
  }

  private void assertRefused(ManagedChannel channel, String description) {
    AdsClient ads = new AdsClient(channel, SIDECAR);
    ads.subscribe(Resources.V3.CLUSTER_TYPE_URL);
    await().until(() -> ads.error() != null);
    Status status = Status.fromThrowable(ads.error());
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).startsWith(description);
  }

  private void assertRefusedDelta(ManagedChannel channel, String description) {
    DeltaAdsClient ads = new DeltaAdsClient(channel, SIDECAR);
    ads.subscribe(Resources.V3.CLUSTER_TYPE_URL);
    await().until(() -> ads.error() != null);
    Status status = Status.fromThrowable(ads.error());
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).startsWith(description);
  }

  private static String trustedCa(DiscoveryResponse response) throws Exception {
    assertThat(response.getResourcesCount()).isEqualTo(1);
    Secret secret = response.getResources(0).unpack(Secret.class);
    assertThat(secret.getName()).isEqualTo(TrustBundles.ROOTCA);
    return secret.getValidationContext().getTrustedCa().getInlineString();
  }

  /** A leaf signed directly by this CA's root, for identities a CSR could not get. */
  private List<X509Certificate> direct(KeyPair keys, SpiffeId id) {
    Instant now = clock.instant();
    GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri()));
    return List.of(
        Certificates.leaf(ca.authority(), keys.getPublic(), names, now.minusSeconds(60), now.plusSeconds(3600)),
        ca.authority().roots().get(0));
  }

  private ManagedChannel channel(@Nullable KeyPair keys, @Nullable List<X509Certificate> chain) {
    try {
      // The server's certificate is checked by the serving-certificate tests; here the clock
      // moves ahead of the JDK's, which would find pilot's newest certificate not yet valid.
      SslContextBuilder tls =
          GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE);
      if (keys != null && chain != null) {
        tls.keyManager(keys.getPrivate(), chain);
      }
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.port())
              .overrideAuthority("localhost")
              .sslContext(tls.build())
              .build();
      channels.add(channel);
      return channel;
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}
