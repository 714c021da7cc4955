package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.MeshTlsFixture.CLIENT_ID;
import static io.meshbridge.proxy.xds.MeshTlsFixture.SERVER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LogCapture;
import io.meshbridge.proxy.testing.TestCa;
import io.meshbridge.proxy.testing.TlsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS between two real proxies fed over ADS (see {@link MeshTlsFixture}): PERMISSIVE and
 * STRICT inbound listeners, the peer identity in XFCC and the access log, and peers refused for
 * another CA, an expired certificate or a SAN outside the trust domain.
 */
class MeshTlsIT {

  private final TestCa ca = TestCa.create("mesh-root");
  private MeshTlsFixture mesh;

  @BeforeEach
  void start() {
    mesh = new MeshTlsFixture();
    mesh.identities(ca);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void mutualTlsBetweenTwoProxiesCarriesThePeerIdentity() {
    try (AccessLogCapture log = new AccessLogCapture()) {
      mesh.push(true, ca.rootPem());
      Client client = mesh.outbound();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
          assertThat(client.get("svc.shop.mesh", "/").body()).isEqualTo("svc"));

      assertThat(mesh.backend.lastHeaders().getFirst("x-forwarded-client-cert"))
          .startsWith("By=" + SERVER_ID + ";Hash=")
          .endsWith(";URI=" + CLIENT_ID);
      // the server proxy writes its line once it relayed the response, maybe after the client got it
      JsonNode inbound = await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
          .filter(l -> l.has("downstream_peer_uri_san")).reduce((a, b) -> b).orElse(null),
          java.util.Objects::nonNull);
      assertThat(inbound.get("downstream_peer_uri_san").asText()).isEqualTo(CLIENT_ID);
      assertThat(inbound.get("downstream_tls_version").asText()).startsWith("TLSv1.");
      assertThat(inbound.get("upstream_cluster").asText()).isEqualTo("inbound|" + mesh.inPort + "||");
      assertThat(counter(mesh.stats(mesh.server), "ssl_handshake_total", "listener",
          "inbound_" + mesh.inPort)).isPositive();
      assertThat(counter(mesh.stats(mesh.client), "ssl_handshake_total", "cluster",
          MeshTlsFixture.OUT_CLUSTER)).isPositive();
    }
  }

  @Test
  void http2OverMutualTlsBetweenTheProxies() {
    try (AccessLogCapture log = new AccessLogCapture()) {
      mesh.push(false, ca.rootPem(), true);
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
          assertThat(mesh.outbound().get("svc.shop.mesh", "/").body()).isEqualTo("svc"));
      JsonNode inbound = await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
          .filter(l -> l.has("downstream_peer_uri_san")).reduce((a, b) -> b).orElse(null),
          java.util.Objects::nonNull);
      // The client proxy's cluster speaks only HTTP/2 (ALPN h2); the server proxy's AUTO codec
      // took the h2 preface after the handshake. (The access log's `protocol` field reports
      // HTTP/2 streams as HTTP/1.1, as it did before TLS.)
      assertThat(inbound.get("downstream_peer_uri_san").asText()).isEqualTo(CLIENT_ID);
    }
  }

  @Test
  void permissiveCarriesPlaintextAndMutualTlsOnOnePort() throws IOException {
    mesh.push(true, ca.rootPem());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
        assertThat(mesh.outbound().get("svc.shop.mesh", "/").body()).isEqualTo("svc"));
    Client plain = new Client("127.0.0.3", mesh.inPort);
    assertThat(plain.get("svc.shop.mesh", "/").body()).isEqualTo("svc");
    assertThat(mesh.backend.lastHeaders().getFirst("x-forwarded-client-cert")).isNull();

    try (SSLSocket tls = TlsClients.connect(
        TlsClients.context(ca.issue(CLIENT_ID), ca.root()), "127.0.0.3", mesh.inPort)) {
      assertThat(TlsClients.get(tls, "/")).startsWith("HTTP/1.1 200").endsWith("svc");
    }
    assertThat(mesh.outbound().get("svc.shop.mesh", "/").body()).isEqualTo("svc");
  }

  @Test
  void strictRefusesPlaintextCountsAndLogsIt() {
    try (LogCapture log = new LogCapture("io.meshbridge.proxy.dataplane.tls.DownstreamTls")) {
      mesh.push(false, ca.rootPem());
      Client client = mesh.outbound();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
          assertThat(client.get("svc.shop.mesh", "/").body()).isEqualTo("svc"));

      Client plain = new Client("127.0.0.3", mesh.inPort);
      assertThatThrownBy(() -> plain.get("svc.shop.mesh", "/"))
          .isInstanceOf(UncheckedIOException.class);
      assertThat(counter(mesh.stats(mesh.server), "no_filter_chain_match_total", "listener",
          "inbound_" + mesh.inPort)).isPositive();
      assertThat(log.messages()).anyMatch(m -> m.contains("closing plaintext connection")
          && m.contains("requires TLS"));
      assertThat(client.get("svc.shop.mesh", "/").body()).isEqualTo("svc");
    }
  }

  @Test
  void refusesAnotherCaAnExpiredCertificateAndAForeignTrustDomain() {
    mesh.push(false, ca.rootPem());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
        assertThat(mesh.outbound().get("svc.shop.mesh", "/").body()).isEqualTo("svc"));
    TestCa other = TestCa.create("other-root");
    Instant now = Instant.now();
    try (LogCapture log = new LogCapture("io.meshbridge.proxy.dataplane.tls.PeerRecorder")) {
      refused(other.issue(CLIENT_ID));
      refused(ca.issue(CLIENT_ID, now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)));
      refused(ca.issue("spiffe://evil.example/ns/shop/sa/client"));

      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        assertThat(counter(mesh.stats(mesh.server), "ssl_handshake_error_total", "listener",
            "inbound_" + mesh.inPort)).isGreaterThanOrEqualTo(3);
        assertThat(log.messages()).anyMatch(m -> m.contains("valid certification path"));
        assertThat(log.messages()).anyMatch(m -> m.contains("CertificateExpiredException"));
        assertThat(log.messages()).anyMatch(m ->
            m.contains("[spiffe://evil.example/ns/shop/sa/client] match none of [URI prefix"));
      });
    }
  }

  /** A client presenting {@code identity} gets no response from the server proxy. */
  private void refused(TestCa.Issued identity) {
    assertThatThrownBy(() -> {
      try (SSLSocket s = TlsClients.connect(
          TlsClients.context(identity, ca.root()), "127.0.0.3", mesh.inPort)) {
        TlsClients.get(s, "/");
      }
    }).isInstanceOf(IOException.class);
  }

  /** The value of {@code name{label="value"}} in Prometheus text, 0 when absent. */
  static long counter(String text, String name, String label, String value) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{" + label + "=\"" + Pattern.quote(value)
        + "\"\\} (\\d+)").matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
