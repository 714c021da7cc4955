package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ca.revoked} at the proxies. Pilot reads the list at start only (no config reload), so
 * the test revokes by restarting pilot on the same CA directory and ports, as an operator would.
 * Sidecar A ({@code sa/frontend}) is revoked, C ({@code sa/reports}) is not; both call B over auto
 * mTLS with still-valid certificates. B's inbound chain denies A first (RBAC {@code
 * meshbridge-revoked}) and still lets C through; A's next renewal is refused by pilot's CA with
 * the reason {@code REVOKED}, counted on both sides. Certificates live 2 minutes and are renewed
 * at a fifth of that, so A's refused renewal comes within about 25 s while its certificate stays
 * valid through the checks.
 */
class RevocationIT {

  @Test
  void aRevokedWorkloadIsDeniedAtTheProxiesAndRefusedItsRenewal(@TempDir Path dir)
      throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("2m");
      SecureMesh.Hop hop = mesh.startHop(true, "0.2");
      Sidecar a = hop.a();
      Sidecar b = hop.b();
      Sidecar c = mesh.start(
          Sidecar.Spec.client("reports", "reports", "127.0.0.3").renewingAt("0.2"));
      MeshClient client = new MeshClient(mesh.ordersPort);
      await("C through B").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> client.via(c, "GET", "/api/orders") == 200);
      assertThat(b.configDump()).doesNotContain("meshbridge-revoked");

      mesh.stopPilot();
      mesh.startPilot("2m", List.of(a.spiffeId()));
      SecureMesh.awaitConfig("meshbridge-revoked", b);
      long failuresBefore = a.counter("identity_certificate_failures_total");

      try (AccessLogCapture log = new AccessLogCapture()) {
        assertThat(client.via(a, "GET", "/api/orders")).as("the revoked workload").isEqualTo(403);
        JsonNode denied = log.awaitInbound(1);
        assertThat(denied.path("response_flags").asText()).contains("RBAC");
        assertThat(denied.path("response_code_details").asText())
            .isEqualTo("rbac_access_denied_matched_policy[meshbridge-revoked]");
        assertThat(denied.path("downstream_peer_uri_san").asText()).isEqualTo(a.spiffeId());

        assertThat(client.via(c, "GET", "/api/orders")).as("a caller not revoked").isEqualTo(200);
        JsonNode allowed = log.awaitInbound(2);
        assertThat(allowed.path("response_code").asInt()).isEqualTo(200);
        assertThat(allowed.path("downstream_peer_uri_san").asText()).isEqualTo(c.spiffeId());
      }

      await("A's renewal refused by pilot as REVOKED")
          .atMost(Duration.ofSeconds(90))
          .until(() -> mesh.pilotGauge("meshbridge.ca.refused.REVOKED") >= 1
              && a.counter("identity_certificate_failures_total") > failuresBefore);
      assertThat(mesh.pilotGauge("meshbridge.ca.refused.REVOKED"))
          .as("only A is refused, C and B renew").isGreaterThanOrEqualTo(1);
      long cIssued = c.counter("identity_certificates_issued_total");
      await("C still renews").atMost(Duration.ofSeconds(60))
          .until(() -> c.counter("identity_certificates_issued_total") > cIssued);
      assertThat(client.via(c, "GET", "/api/orders")).isEqualTo(200);
    }
  }
}
