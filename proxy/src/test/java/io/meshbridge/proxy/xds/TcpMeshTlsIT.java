package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.MeshTlsFixture.CLIENT_ID;
import static io.meshbridge.proxy.xds.MeshTlsIT.counter;
import static io.meshbridge.proxy.xds.TcpMeshFixture.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.TestCa;
import io.meshbridge.proxy.testing.TlsClients;
import io.meshbridge.proxy.xds.MeshTcpResources.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS on tcp_proxy chains between two real proxies fed over ADS ({@link TcpMeshFixture}):
 * auto mTLS origination by the client proxy, STRICT / PERMISSIVE termination on pilot's inbound
 * listener for a TCP port, network RBAC on the TLS peer, the peer in the connection log.
 */
class TcpMeshTlsIT {

  private static final Duration CONFIG = Duration.ofSeconds(60);
  private final TestCa ca = TestCa.create("mesh-root");
  private final TcpMeshFixture mesh = new TcpMeshFixture();

  @AfterEach
  void stop() {
    mesh.close();
  }

  private String inListener() {
    return "inbound|" + mesh.inPort + "||";
  }

  @Test
  void strictMutualTlsCarriesBytesAndLogsThePeer() throws IOException {
    mesh.identities(ca, ca);
    try (AccessLogCapture log = new AccessLogCapture()) {
      mesh.push(Mode.STRICT, CLIENT_ID, ca.rootPem());
      await().atMost(CONFIG).ignoreExceptions().untilAsserted(() ->
          assertThat(echo("127.0.0.2", mesh.outPort, "hello")).isEqualTo("hello"));
      String big = "x".repeat(256 * 1024);
      assertThat(echo("127.0.0.2", mesh.outPort, big)).isEqualTo(big);

      await().atMost(CONFIG).untilAsserted(() -> {
        JsonNode inbound = log.lines().stream()
            .filter(l -> l.path("upstream_cluster").asText().equals(inListener()))
            .reduce((a, b) -> b).orElseThrow();
        assertThat(inbound.get("downstream_peer_uri_san").asText()).isEqualTo(CLIENT_ID);
        assertThat(inbound.get("downstream_tls_version").asText()).startsWith("TLSv1.");
        assertThat(inbound.get("response_flags").asText()).isEqualTo("-");
      });
      String server = mesh.stats(mesh.server);
      assertThat(counter(server, "ssl_handshake_total", "listener", inListener())).isPositive();
      assertThat(server).contains("rbac_allowed_total{stat_prefix=\"tcp.\"}");
      assertThat(counter(mesh.stats(mesh.client), "ssl_handshake_total", "cluster",
          TcpMeshFixture.OUT_CLUSTER)).isPositive();
    }
  }

  @Test
  void strictClosesPlaintextAndCountsIt() throws IOException {
    mesh.identities(ca, ca);
    mesh.push(Mode.STRICT, CLIENT_ID, ca.rootPem());
    await().atMost(CONFIG).ignoreExceptions().untilAsserted(() ->
        assertThat(echo("127.0.0.2", mesh.outPort, "hello")).isEqualTo("hello"));
    int accepted = mesh.echo.accepted();

    assertThat(echo("127.0.0.3", mesh.inPort, "plain")).as("closed, nothing echoed").isEmpty();
    assertThat(mesh.echo.accepted()).isEqualTo(accepted);
    assertThat(counter(mesh.stats(mesh.server), "no_filter_chain_match_total", "listener",
        inListener())).isEqualTo(1);
  }

  @Test
  void permissiveCarriesPlaintextAndMutualTlsOnOnePort() throws IOException {
    mesh.identities(ca, ca);
    mesh.push(Mode.PERMISSIVE, "", ca.rootPem());
    await().atMost(CONFIG).ignoreExceptions().untilAsserted(() ->
        assertThat(echo("127.0.0.2", mesh.outPort, "mesh")).isEqualTo("mesh"));

    assertThat(echo("127.0.0.3", mesh.inPort, "plain")).isEqualTo("plain");
    try (SSLSocket tls = TlsClients.connect(
        TlsClients.context(ca.issue(CLIENT_ID), ca.root()), "127.0.0.3", mesh.inPort)) {
      tls.getOutputStream().write("direct".getBytes(StandardCharsets.UTF_8));
      tls.getOutputStream().flush();
      assertThat(new String(tls.getInputStream().readNBytes(6), StandardCharsets.UTF_8))
          .isEqualTo("direct");
    }
    assertThat(counter(mesh.stats(mesh.server), "ssl_handshake_total", "listener", inListener()))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void networkRbacDeniesAnotherPrincipalAfterTheHandshake() throws IOException {
    mesh.identities(ca, ca);
    try (AccessLogCapture log = new AccessLogCapture()) {
      mesh.push(Mode.STRICT, "spiffe://cluster.local/ns/shop/sa/someone-else", ca.rootPem());
      await().atMost(CONFIG).ignoreExceptions().untilAsserted(() ->
          assertThat(mesh.stats(mesh.server)).contains("rbac_denied_total{stat_prefix=\"tcp.\"}"));
      // Wait for the first connection that reached the server proxy and was denied there.
      await().atMost(CONFIG).ignoreExceptions().untilAsserted(() -> {
        assertThat(echo("127.0.0.2", mesh.outPort, "hello")).isEmpty();
        JsonNode denied = log.lines().stream()
            .filter(l -> l.path("response_flags").asText().equals("RBAC"))
            .findFirst().orElseThrow();
        assertThat(denied.get("downstream_peer_uri_san").asText()).isEqualTo(CLIENT_ID);
        assertThat(denied.get("connection_termination_details").asText())
            .isEqualTo("rbac_access_denied_matched_policy[none]");
      });
      assertThat(mesh.echo.accepted()).isZero();
    }
  }

  @Test
  void aFailedUpstreamHandshakeIsAConnectFailure() throws IOException {
    mesh.identities(ca, TestCa.create("other-root")); // the server's certificate is not trusted
    mesh.push(Mode.STRICT, CLIENT_ID, ca.rootPem());
    await().atMost(CONFIG).ignoreExceptions().untilAsserted(() -> {
      assertThat(echo("127.0.0.2", mesh.outPort, "hello")).isEmpty();
      assertThat(counter(mesh.stats(mesh.client), "ssl_handshake_error_total", "cluster",
          TcpMeshFixture.OUT_CLUSTER)).isPositive();
    });
    assertThat(mesh.echo.accepted()).isZero();
  }

  @Test
  void halfCloseCrossesBothTlsHops() throws IOException {
    mesh.identities(ca, ca);
    mesh.push(Mode.STRICT, CLIENT_ID, ca.rootPem());
    await().atMost(CONFIG).ignoreExceptions().untilAsserted(() ->
        assertThat(echo("127.0.0.2", mesh.outPort, "hello")).isEqualTo("hello"));
    try (Socket s = new Socket()) {
      s.setSoTimeout(20_000);
      s.connect(new InetSocketAddress("127.0.0.2", mesh.outPort), 5_000);
      s.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bye");
    }
  }
}
