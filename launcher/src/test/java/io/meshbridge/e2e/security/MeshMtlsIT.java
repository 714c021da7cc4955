package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 end to end: pilot with its CA, two real proxies that got their identities from it with
 * join tokens, and a real backend. Pilot's config alone (the registry's {@code
 * security.istio.io/tlsMode: istio} label and the server's node metadata) makes the hop between
 * the proxies mutual TLS. Proxy B talks to pilot over mTLS (port 15012's xDS), A over plaintext.
 */
class MeshMtlsIT {

  @Test
  void aClientReachesTheBackendThroughTwoProxiesOverAutoMtls(@TempDir Path dir) throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("24h");
      try (AccessLogCapture log = new AccessLogCapture()) {
        SecureMesh.Hop hop = mesh.startHop(true);
        Sidecar a = hop.a();
        Sidecar b = hop.b();
        JsonNode line = log.awaitInbound(1);
        assertThat(line.path("downstream_peer_uri_san").asText()).isEqualTo(a.spiffeId());
        assertThat(line.path("downstream_tls_version").asText()).startsWith("TLSv1.");
        assertThat(hop.backend().lastXfcc()).hasValueSatisfying(xfcc -> assertThat(xfcc)
            .contains("By=" + b.spiffeId())
            .contains("URI=" + a.spiffeId()));
        assertThat(mesh.get("/v1/proxies").toString())
            .as("B's stream on the TLS port carries its identity")
            .contains(b.spiffeId());
      }
    }
  }
}
