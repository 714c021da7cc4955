package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.pilot.ca.SigningAuthority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DestinationRule {@code tls} SIMPLE and MUTUAL to external HTTPS services on loopback, declared
 * by ServiceEntries (MESH_EXTERNAL, STATIC) in pilot's policy directory: the app sends plaintext
 * to its sidecar, which originates TLS with the DestinationRule's CA file, SNI and SAN names (and
 * client certificate). A wrong SAN or a server certificate of another CA fails the request (503,
 * flag {@code UF}, {@code upstream_transport_failure_reason} in the access log); a MUTUAL backend
 * refuses a sidecar that presents no client certificate. Certificates are made in the test.
 */
class ExternalTlsIT {

  private static final String PAYMENTS = "payments.example.test";
  private static final String VAULT = "vault.example.test";
  private static final String SERVER_NAME = "backend.example.test";

  @Test
  void simpleAndMutualTlsToExternalServices(@TempDir Path dir) throws Exception {
    SigningAuthority externalCa = TestPki.newCa("external-ca");
    SigningAuthority otherCa = TestPki.newCa("other-ca");
    Path caFile = TestPki.writePem(dir.resolve("external-ca.pem"), externalCa.signingCertificate());
    Path otherCaFile = TestPki.writePem(dir.resolve("other-ca.pem"), otherCa.signingCertificate());
    TestPki.Issued client = TestPki.leaf(externalCa, TestPki.dns("frontend.clients.test"));
    Path clientCert = TestPki.writePem(dir.resolve("client.pem"), client.certificate());
    Path clientKey = TestPki.writePem(dir.resolve("client-key.pem"), client.key());

    try (SecureMesh mesh = new SecureMesh(dir)) {
      TlsBackend payments = mesh.add(TlsBackend.start(
          TestPki.leaf(externalCa, TestPki.dns(SERVER_NAME)), null));
      TlsBackend vault = mesh.add(TlsBackend.start(
          TestPki.leaf(externalCa, TestPki.dns(VAULT)), externalCa.signingCertificate()));
      int paymentsPort = SecureMesh.freePort();
      int vaultPort = SecureMesh.freePort();
      String entries = serviceEntry("payments", PAYMENTS, paymentsPort, payments.port())
          + "---\n" + serviceEntry("vault", VAULT, vaultPort, vault.port());
      String mutualVault = destinationRule("vault", VAULT, """
          {mode: MUTUAL, clientCertificate: %s, privateKey: %s, caCertificates: %s}"""
          .formatted(clientCert, clientKey, caFile));
      mesh.startPilot("24h");
      mesh.writePolicy(entries + "---\n" + mutualVault + "---\n"
          + simple(caFile, SERVER_NAME, SERVER_NAME));
      Sidecar a = mesh.start(Sidecar.Spec.client("frontend", "frontend", "127.0.0.1"));

      await("SIMPLE to payments").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> get(paymentsPort, PAYMENTS).statusCode() == 200);
      assertThat(get(paymentsPort, PAYMENTS).body()).isEqualTo("tls /pay");
      assertThat(payments.lastSni()).as("the DestinationRule's sni").contains(SERVER_NAME);
      assertThat(payments.lastClient()).isEmpty();

      await("MUTUAL to vault").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> get(vaultPort, VAULT).statusCode() == 200);
      assertThat(vault.lastClient()).as("the sidecar's client certificate")
          .contains("frontend.clients.test");
      assertThat(vault.lastSni()).as("no sni: the host").contains(VAULT);

      try (AccessLogCapture log = new AccessLogCapture()) {
        mesh.writePolicy(entries + "---\n" + mutualVault + "---\n"
            + simple(caFile, SERVER_NAME, "other.example.test"));
        SecureMesh.awaitConfig("other.example.test", a);
        long handshakeErrors = a.counter("ssl_handshake_error_total{cluster");
        int served = payments.requests();
        int lines = log.outbound().size();
        assertThat(get(paymentsPort, PAYMENTS).statusCode()).as("a wrong SAN").isEqualTo(503);
        JsonNode wrongSan = log.awaitOutbound(lines + 1);
        assertThat(wrongSan.path("response_flags").asText()).contains("UF");
        assertThat(wrongSan.path("upstream_transport_failure_reason").asText())
            .startsWith("TLS handshake failed").contains("other.example.test");
        assertThat(a.counter("ssl_handshake_error_total{cluster")).isGreaterThan(handshakeErrors);
        assertThat(payments.requests()).isEqualTo(served);

        mesh.writePolicy(entries + "---\n" + mutualVault + "---\n"
            + simple(otherCaFile, SERVER_NAME, SERVER_NAME));
        SecureMesh.awaitConfig("other-ca.pem", a);
        lines = log.outbound().size();
        assertThat(get(paymentsPort, PAYMENTS).statusCode()).as("untrusted server").isEqualTo(503);
        JsonNode untrusted = log.awaitOutbound(lines + 1);
        assertThat(untrusted.path("response_flags").asText()).contains("UF");
        assertThat(untrusted.path("upstream_transport_failure_reason").asText())
            .startsWith("TLS handshake failed");
        assertThat(payments.requests()).isEqualTo(served);

        String simpleVault = destinationRule("vault", VAULT,
            "{mode: SIMPLE, caCertificates: %s}".formatted(caFile));
        mesh.writePolicy(entries + "---\n" + simpleVault + "---\n"
            + simple(caFile, SERVER_NAME, SERVER_NAME));
        await("vault's cluster without a client certificate").atMost(Duration.ofSeconds(30))
            .until(() -> !a.configDump().contains("client-key.pem"));
        int vaultServed = vault.requests();
        lines = log.outbound().size();
        assertThat(get(vaultPort, VAULT).statusCode()).as("MUTUAL backend, no client certificate")
            .isEqualTo(503);
        JsonNode refused = log.awaitOutbound(lines + 1);
        assertThat(refused.path("response_flags").asText()).containsAnyOf("UF", "UC");
        assertThat(vault.requests()).as("the backend never saw the request").isEqualTo(vaultServed);
        assertThat(get(paymentsPort, PAYMENTS).statusCode()).as("payments unaffected")
            .isEqualTo(200);
      }
    }
  }

  private static HttpResponse<String> get(int port, String host)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pay"))
        .header("Host", host + ":" + port)
        .timeout(Duration.ofSeconds(10))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String serviceEntry(String name, String host, int port, int backendPort) {
    return """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: %s, namespace: shop}
        spec:
          hosts: [%s]
          location: MESH_EXTERNAL
          resolution: STATIC
          ports:
            - {number: %d, name: http, protocol: HTTP}
          endpoints:
            - {address: 127.0.0.1, ports: {http: %d}}
        """.formatted(name, host, port, backendPort);
  }

  private static String simple(Path caFile, String sni, String subjectAltName) {
    return destinationRule("payments", PAYMENTS,
        "{mode: SIMPLE, caCertificates: %s, sni: %s, subjectAltNames: [%s]}"
            .formatted(caFile, sni, subjectAltName));
  }

  private static String destinationRule(String name, String host, String tls) {
    return """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: %s, namespace: shop}
        spec:
          host: %s
          trafficPolicy:
            tls: %s
        """.formatted(name, host, tls);
  }
}
