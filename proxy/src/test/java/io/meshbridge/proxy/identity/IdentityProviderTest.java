package io.meshbridge.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.TestCa;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity provider against a fake CA that signs like pilot's (a test CA, no network). */
class IdentityProviderTest {

  private static final String ID = "spiffe://cluster.local/ns/shop/sa/orders";

  @TempDir Path dir;
  private final TestCa ca = TestCa.create("fake-pilot-ca");
  private final List<TlsSecret> published = new CopyOnWriteArrayList<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final List<Boolean> withCertificate = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final StatsRegistry stats = new StatsRegistry();
  private Duration lifetime = Duration.ofHours(24);
  private IdentityProvider provider;

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
  }

  private final CertificateSigner fakeCa = (csr, token, current) -> {
    if (failuresLeft.getAndDecrement() > 0) {
      throw new CertificateSigner.SignException("UNAVAILABLE: pilot is restarting", null);
    }
    tokens.add(String.valueOf(token));
    withCertificate.add(current != null);
    Instant now = Instant.now();
    return List.of(ca.sign(publicKey(csr), ID, now.minusSeconds(1), now.plus(lifetime)),
        ca.root());
  };

  private IdentityProvider start(double rotation) throws Exception {
    Path token = dir.resolve("join-token");
    Files.writeString(token, "join-123\n");
    IdentitySettings settings = new IdentitySettings(new HostPort("127.0.0.1", 15012),
        dir.resolve("root.pem"), token, dir.resolve("identity"), rotation, ID);
    provider = new IdentityProvider(settings, fakeCa, published::add, stats, Clock.systemUTC());
    provider.start();
    return provider;
  }

  @Test
  void firstCertificateWithTheTokenIsServedAndStored0600() throws Exception {
    start(0.8);
    await().until(() -> published.size() == 1);

    TlsSecret identity = published.get(0);
    assertThat(identity.name()).isEqualTo("default");
    assertThat(identity.chain().get(0).getSubjectAlternativeNames())
        .anyMatch(san -> ID.equals(san.get(1)));
    assertThat(tokens).containsExactly("join-123");
    Path file = dir.resolve("identity").resolve(IdentityFile.NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("PRIVATE KEY").contains("BEGIN CERTIFICATE");
  }

  @Test
  void renewsAtTheRotationPointWithTheCurrentCertificateAndANewKey() throws Exception {
    lifetime = Duration.ofSeconds(2);
    start(0.5);
    await().atMost(Duration.ofSeconds(30)).until(() -> published.size() >= 2);

    assertThat(tokens.get(1)).isEqualTo("null");
    assertThat(withCertificate).startsWith(false, true);
    assertThat(published.get(1).key()).isNotEqualTo(published.get(0).key());
    assertThat(stats.prometheusText()).contains("identity_certificates_issued_total");
  }

  @Test
  void aRestartReusesTheStoredIdentityWithoutAskingTheCa() throws Exception {
    start(0.8);
    await().until(() -> published.size() == 1);
    provider.close();

    start(0.8);
    await().until(() -> published.size() == 2);
    assertThat(published.get(1)).isEqualTo(published.get(0));
    assertThat(tokens).hasSize(1);
  }

  @Test
  void failuresAreCountedAndRetried() throws Exception {
    failuresLeft.set(2);
    start(0.8);
    await().atMost(Duration.ofSeconds(30)).until(() -> published.size() == 1);
    assertThat(stats.prometheusText()).contains("identity_certificate_failures_total 2");
  }

  @Test
  void settingsComeFromNodeMetadataAndBadValuesNameTheKey() {
    Node node = node(Map.of("MESHBRIDGE_CA_ADDRESS", "pilot.mesh:15012",
        "MESHBRIDGE_CA_ROOT_FILE", "/etc/meshbridge/root-cert.pem",
        "MESHBRIDGE_JOIN_TOKEN_FILE", "/etc/meshbridge/join-token",
        "MESHBRIDGE_IDENTITY_DIR", "/var/lib/meshbridge/identity",
        "NAMESPACE", "shop", "SERVICE_ACCOUNT", "orders"));
    IdentitySettings s = IdentitySettings.fromNode(node).orElseThrow();
    assertThat(s.ca()).isEqualTo(new HostPort("pilot.mesh", 15012));
    assertThat(s.rotation()).isEqualTo(0.8);
    assertThat(s.spiffeId()).isEqualTo(ID);
    assertThat(IdentitySettings.fromNode(node(Map.of()))).isEmpty();

    assertThatThrownBy(() -> IdentitySettings.fromNode(node(Map.of(
        "MESHBRIDGE_CA_ADDRESS", "pilot.mesh:15012", "MESHBRIDGE_CA_ROOT_FILE", "/r.pem",
        "NAMESPACE", "shop", "SERVICE_ACCOUNT", "orders", "MESHBRIDGE_CERT_ROTATION", "1.5"))))
        .hasMessage("node.metadata.MESHBRIDGE_CERT_ROTATION: '1.5' (expected: a fraction between"
            + " 0 and 1, e.g. 0.8)");
    assertThatThrownBy(() -> IdentitySettings.fromNode(node(Map.of(
        "MESHBRIDGE_CA_ADDRESS", "pilot.mesh:15012"))))
        .hasMessageStartingWith("node.metadata.MESHBRIDGE_CA_ROOT_FILE: missing");
  }

  private static Node node(Map<String, String> metadata) {
    Struct.Builder m = Struct.newBuilder();
    metadata.forEach((k, v) -> m.putFields(k, Value.newBuilder().setStringValue(v).build()));
    return Node.newBuilder().setId("vm-1").setMetadata(m).build();
  }

  /**
   * Pilot backdates notBefore by a minute: a 1-minute certificate received at T is due at T + 30 s
   * with rotation 0.5 (measured from notBefore it was due at once, a renewal loop).
   */
  @Test
  void renewalIsMeasuredFromWhenTheCertificateWasReceived() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), java.time.ZoneOffset.UTC);
    Instant received = clock.instant();
    X509Certificate leaf = ca.sign(ca.issue(ID).keys().getPublic(), ID, received.minusSeconds(60),
        received.plusSeconds(60));

    assertThat(IdentityProvider.renewalDelay(leaf, received, clock.instant(), 0.5))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(IdentityProvider.renewalDelay(leaf, received, clock.instant().plusSeconds(10), 0.5))
        .isEqualTo(Duration.ofSeconds(20));
    // received before notBefore (clock skew): notBefore counts
    X509Certificate future = ca.sign(ca.issue(ID).keys().getPublic(), ID, received.plusSeconds(10),
        received.plusSeconds(110));
    assertThat(IdentityProvider.renewalDelay(future, received, clock.instant(), 0.8))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void renewalIsNeverSoonerThanTheFloor() {
    Instant now = Instant.parse("2026-11-22T09:00:00Z");
    X509Certificate overdue = ca.sign(ca.issue(ID).keys().getPublic(), ID, now.minusSeconds(60),
        now.plusSeconds(5));

    assertThat(IdentityProvider.renewalDelay(overdue, now.minusSeconds(60), now, 0.5))
        .isEqualTo(IdentityProvider.MIN_RENEWAL_DELAY).isEqualTo(Duration.ofSeconds(1));
    assertThat(IdentityProvider.renewalDelay(overdue, now, now.plusSeconds(30), 0.5))
        .isEqualTo(Duration.ofSeconds(1));
  }

  static PublicKey publicKey(String csrPem) {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      return new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject())
          .getPublicKey();
    } catch (Exception e) {
      throw new IllegalStateException("bad CSR", e);
    }
  }

  static X509Certificate leaf(TlsSecret s) {
    return s.chain().get(0);
  }
}
