package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PeerAuthentication through pilot's watched policy directory, applied live to a running sidecar:
 * PERMISSIVE (no policy) takes plaintext and mTLS on B's inbound port, a namespace-wide STRICT
 * closes plaintext while mesh traffic through A goes on, a workload policy's portLevelMtls DISABLE
 * opens the port to plaintext again.
 */
class PeerAuthenticationIT {

  private static final String STRICT_NAMESPACE = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: default, namespace: shop}
      spec:
        mtls: {mode: STRICT}
      """;

  @Test
  void strictRefusesPlaintextPermissiveTakesBothPortLevelDisableOpensThePort(@TempDir Path dir)
      throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("24h");
      SecureMesh.Hop hop = mesh.startHop(false);
      Sidecar b = hop.b();
      MeshClient client = new MeshClient(mesh.ordersPort);

      assertThat(b.inboundChains()).as("no policy = PERMISSIVE").containsExactly("tls", "raw_buffer");
      assertThat(client.direct(hop.inboundPort(), "GET", "/api/orders")).isEqualTo(200);
      assertThat(client.via(hop.a(), "GET", "/api/orders")).isEqualTo(200);

      mesh.writePolicy(STRICT_NAMESPACE);
      awaitChains(b, List.of("tls"));
      long refusedBefore = b.counter("no_filter_chain_match_total");
      assertThatThrownBy(() -> client.direct(hop.inboundPort(), "GET", "/api/orders"))
          .as("plaintext to a STRICT port: the connection is closed")
          .isInstanceOf(IOException.class);
      assertThat(b.counter("no_filter_chain_match_total")).isGreaterThan(refusedBefore);
      assertThat(client.via(hop.a(), "GET", "/api/orders")).isEqualTo(200);

      mesh.writePolicy(STRICT_NAMESPACE.replace("STRICT", "PERMISSIVE"));
      awaitChains(b, List.of("tls", "raw_buffer"));
      assertThat(client.direct(hop.inboundPort(), "GET", "/api/orders")).isEqualTo(200);
      assertThat(client.via(hop.a(), "GET", "/api/orders")).isEqualTo(200);

      mesh.writePolicy(STRICT_NAMESPACE + """
          ---
          apiVersion: security.istio.io/v1
          kind: PeerAuthentication
          metadata: {name: orders, namespace: shop}
          spec:
            selector: {matchLabels: {app: orders}}
            mtls: {mode: STRICT}
            portLevelMtls:
              %d: {mode: DISABLE}
          """.formatted(hop.backend().port()));
      awaitChains(b, List.of(""));
      assertThat(client.direct(hop.inboundPort(), "GET", "/api/orders")).isEqualTo(200);
    }
  }

  private static void awaitChains(Sidecar sidecar, List<String> expected) {
    await(sidecar.name() + "'s inbound chains " + expected)
        .atMost(Duration.ofSeconds(30))
        .until(() -> sidecar.inboundChains().equals(expected));
  }
}
