package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issuing, join tokens, renewal by certificate, expiry, revocation, bad input. */
class CertificateAuthorityTest {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");
  static final SpiffeId PAYMENTS = new SpiffeId("cluster.local", "shop", "payments");

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();
  CertificateAuthority ca;

  @BeforeEach
  void openCa() {
    ca = CertificateAuthority.open(CaOptions.defaults(directory), null, clock);
  }

  @Test
  void joinTokenGetsAWorkloadCertificateForTheCsrKey() throws Exception {
    KeyPair keys = Certificates.newKeyPair();
    List<X509Certificate> chain = join(ca, keys, ORDERS);

    X509Certificate leaf = chain.get(0);
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca.authority().roots().get(0));
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(uriSans(leaf)).containsExactly("spiffe://cluster.local/ns/shop/sa/orders");
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    leaf.verify(chain.get(1).getPublicKey());
    assertThat(ca.metrics().issued()).isEqualTo(1);
  }

  @Test
  void requestedValidityIsHonouredUpToTheMaximum() {
    KeyPair keys = Certificates.newKeyPair();
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    List<String> pem = ca.sign(Credentials.bearer(token.token(), "test"), Csrs.csr(keys, ORDERS), 3600);
    X509Certificate leaf = Pem.certificates("leaf", pem.get(0)).get(0);
    assertThat(leaf.getNotAfter().toInstant().getEpochSecond())
        .isEqualTo(clock.instant().plusSeconds(3600).getEpochSecond());

    JoinToken other = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    refused(Credentials.bearer(other.token(), "test"), Csrs.csr(keys, ORDERS), Duration.ofDays(8).toSeconds(), Refusal.BAD_VALIDITY, "validity_duration");
    refused(Credentials.bearer(other.token(), "test"), Csrs.csr(keys, ORDERS), -1, Refusal.BAD_VALIDITY, "validity_duration");
  }

  @Test
  void aJoinTokenWorksExactlyOnce() {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    ca.sign(Credentials.bearer(token.token(), "vm-1"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0);

    refused(Credentials.bearer(token.token(), "vm-2"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0, Refusal.TOKEN_ALREADY_USED, "used at");
    assertThat(ca.metrics().refused(Refusal.TOKEN_ALREADY_USED)).isEqualTo(1);
  }

  @Test
  void anExpiredJoinTokenIsRefused() {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(61));
    refused(Credentials.bearer(token.token(), "vm"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0, Refusal.TOKEN_EXPIRED, "expired at");
  }

  @Test
  void aJoinTokenOnlyGetsItsOwnIdentityAndIsNotUsedUpByAWrongRequest() {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    refused(Credentials.bearer(token.token(), "vm"), Csrs.csr(Certificates.newKeyPair(), PAYMENTS), 0,
        Refusal.IDENTITY_MISMATCH, "asks for spiffe://cluster.local/ns/shop/sa/payments (expected: spiffe://cluster.local/ns/shop/sa/orders");

    assertThat(ca.sign(Credentials.bearer(token.token(), "vm"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0)).hasSize(2);
  }

  @Test
  void unknownAndMissingCredentialsAreRefused() {
    String csr = Csrs.csr(Certificates.newKeyPair(), ORDERS);
    refused(Credentials.bearer(JoinTokens.PREFIX + "made-up", "vm"), csr, 0, Refusal.UNKNOWN_TOKEN, "not issued by this CA");
    refused(Credentials.bearer("eyJhbGciOi.jwt.token", "vm"), csr, 0, Refusal.UNKNOWN_TOKEN, "kubernetesTokenReview is off");
    refused(new Credentials(null, List.of(), "vm"), csr, 0, Refusal.NO_CREDENTIALS, "no 'authorization: Bearer' token");
  }

  @Test
  void theCurrentCertificateRenewsItselfWithANewKeyUntilItExpires() {
    List<X509Certificate> first = join(ca, Certificates.newKeyPair(), ORDERS);
    clock.advance(Duration.ofHours(23));

    KeyPair next = Certificates.newKeyPair();
    List<String> renewed = ca.sign(Credentials.certificate(first, "vm"), Csrs.csr(next, ORDERS), 0);
    assertThat(Pem.certificates("leaf", renewed.get(0)).get(0).getPublicKey()).isEqualTo(next.getPublic());

    clock.advance(Duration.ofHours(2)); // the first certificate is now 25 h old
    refused(Credentials.certificate(first, "vm"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0,
        Refusal.CERTIFICATE_EXPIRED, "now is");
    assertThat(ca.metrics().refused(Refusal.CERTIFICATE_EXPIRED)).isEqualTo(1);
  }

  @Test
  void aCertificateRenewsOnlyItsOwnIdentity() {
    List<X509Certificate> orders = join(ca, Certificates.newKeyPair(), ORDERS);
    refused(Credentials.certificate(orders, "vm"), Csrs.csr(Certificates.newKeyPair(), PAYMENTS), 0,
        Refusal.IDENTITY_MISMATCH, "the caller's identity");
  }

  @Test
  void aCertificateFromAnotherCaIsRefused(@TempDir Path otherDirectory) {
    CertificateAuthority other = CertificateAuthority.open(CaOptions.defaults(otherDirectory), null, clock);
    List<X509Certificate> foreign = join(other, Certificates.newKeyPair(), ORDERS);

    refused(Credentials.certificate(foreign, "vm"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0,
        Refusal.UNTRUSTED_CERTIFICATE, "client certificate");
    assertThat(ca.metrics().refused(Refusal.UNTRUSTED_CERTIFICATE)).isEqualTo(1);
  }

  @Test
  void aCertificateOfAnotherTrustDomainIsRefused() {
    List<X509Certificate> orders = join(ca, Certificates.newKeyPair(), ORDERS);
    // The same root, now serving another trust domain: its old certificates no longer renew.
    CertificateAuthority renamed =
        CertificateAuthority.open(CaOptions.defaults(directory).withTrustDomain("corp.example"), null, clock);

    SpiffeId corpOrders = new SpiffeId("corp.example", "shop", "orders");
    assertThatThrownBy(() -> renamed.sign(Credentials.certificate(orders, "vm"), Csrs.csr(Certificates.newKeyPair(), corpOrders), 0))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.WRONG_TRUST_DOMAIN))
        .hasMessageContaining("expected: trust domain corp.example");
    assertThat(renamed.metrics().refused(Refusal.WRONG_TRUST_DOMAIN)).isEqualTo(1);
  }

  @Test
  void revokedIdentitiesAreRefusedOnRenewalAndJoin() {
    List<X509Certificate> orders = join(ca, Certificates.newKeyPair(), ORDERS);
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    CertificateAuthority revoking =
        CertificateAuthority.open(CaOptions.defaults(directory).withRevoked(Set.of(ORDERS)), null, clock);

    String csr = Csrs.csr(Certificates.newKeyPair(), ORDERS);
    assertThatThrownBy(() -> revoking.sign(Credentials.certificate(orders, "vm"), csr, 0))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.REVOKED))
        .hasMessageContaining("spiffe://cluster.local/ns/shop/sa/orders: listed in ca.revoked");
    assertThatThrownBy(() -> revoking.sign(Credentials.bearer(token.token(), "vm"), csr, 0))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.REVOKED));
    assertThat(revoking.metrics().refused(Refusal.REVOKED)).isEqualTo(2);
  }

  @Test
  void malformedCsrsAreRefusedNamingWhatIsWrong() {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    Credentials credentials = Credentials.bearer(token.token(), "vm");
    KeyPair keys = Certificates.newKeyPair();

    refused(credentials, "not a csr", 0, Refusal.MALFORMED_CSR, "csr: no PEM CERTIFICATE REQUEST");
    refused(credentials, Csrs.csr(keys), 0, Refusal.MALFORMED_CSR, "URI SANs [] (expected: exactly one");
    refused(credentials, Csrs.csr(keys, ORDERS.uri(), PAYMENTS.uri()), 0, Refusal.MALFORMED_CSR, "exactly one");
    refused(credentials, Csrs.csr(keys, "spiffe://cluster.local/orders"), 0, Refusal.MALFORMED_CSR, "SPIFFE ID: 'spiffe://cluster.local/orders'");
    refused(credentials, tamper(Csrs.csr(keys, ORDERS)), 0, Refusal.MALFORMED_CSR, "csr:");
    assertThat(ca.metrics().refused(Refusal.MALFORMED_CSR)).isEqualTo(5);
    // None of that used the token up.
    assertThat(ca.sign(credentials, Csrs.csr(keys, ORDERS), 0)).hasSize(2);
  }

  @Test
  void aWeakRsaKeyIsRefused() throws Exception {
    JoinToken token = ca.joinTokens().create(ORDERS, Duration.ofHours(1));
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    String csr = Csrs.signedWith("SHA256withRSA", rsa.generateKeyPair(), ORDERS.uri());
    refused(Credentials.bearer(token.token(), "vm"), csr, 0, Refusal.MALFORMED_CSR, "public key: RSA 1024 bits (expected: at least 2048, or EC)");
  }

  @Test
  void aRefusalIsLoggedWithItsReasonAndThePeer() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CertificateAuthority.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      assertThatThrownBy(() -> ca.sign(new Credentials(null, List.of(), "10.1.2.3:5000"), Csrs.csr(Certificates.newKeyPair(), ORDERS), 0))
          .isInstanceOf(CaRefusedException.class);
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .containsExactly("ca: refused a CSR from 10.1.2.3:5000: NO_CREDENTIALS: no 'authorization: Bearer' token and no client certificate");
    assertThat(ca.metrics().refused(Refusal.NO_CREDENTIALS)).isEqualTo(1);
  }

  @Test
  void anOversizedCsrIsRefusedBeforeParsing() {
    String huge = "-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(CertificateAuthority.MAX_CSR_BYTES) + "\n";
    refused(Credentials.bearer("x", "vm"), huge, 0, Refusal.CSR_TOO_LARGE, "(expected: at most 65536)");
  }

  static List<X509Certificate> join(CertificateAuthority ca, KeyPair keys, SpiffeId id) {
    JoinToken token = ca.joinTokens().create(id, Duration.ofHours(1));
    List<String> pem = ca.sign(Credentials.bearer(token.token(), "test"), Csrs.csr(keys, id), 0);
    return pem.stream().map(p -> Pem.certificates("chain", p).get(0)).toList();
  }

  static List<String> uriSans(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(n -> n.get(0).equals(6))
        .map(n -> (String) n.get(1))
        .toList();
  }

  /** Flips a character inside the base64 body: the DER then breaks or the signature fails. */
  private static String tamper(String pem) {
    int i = pem.length() / 2;
    char c = pem.charAt(i) == 'A' ? 'B' : 'A';
    return pem.substring(0, i) + c + pem.substring(i + 1);
  }

  private void refused(Credentials credentials, String csr, long validity, Refusal reason, String message) {
    assertThatThrownBy(() -> ca.sign(credentials, csr, validity))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
