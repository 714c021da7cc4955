package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: an AuthorizationPolicy whose {@code selector} is the first policy to read a label,
 * written while the selected sidecar is connected (delta ADS over mTLS, its node's namespace and
 * service account those of its certificate), applies to its next request without a reconnect.
 */
class LiveSelectorIT {

  private static final String DENY_POST_ON_ORDERS = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: orders-no-post, namespace: shop}
      spec:
        selector: {matchLabels: {app: orders}}
        action: DENY
        rules:
        - to: [{operation: {methods: [POST]}}]
      """;

  @Test
  void aSelectorPolicyWrittenAfterTheSidecarConnectedDenies(@TempDir Path dir) throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("24h");
      SecureMesh.Hop hop = mesh.startHop(true);
      MeshClient client = new MeshClient(mesh.ordersPort);
      assertThat(client.via(hop.a(), "POST", "/api/orders")).as("no policy yet").isEqualTo(200);

      mesh.writePolicy(DENY_POST_ON_ORDERS);
      SecureMesh.awaitConfig("policy[orders-no-post]", hop.b());
      assertThat(client.via(hop.a(), "POST", "/api/orders")).isEqualTo(403);
      assertThat(client.via(hop.a(), "GET", "/api/orders")).isEqualTo(200);
      assertThat(hop.a().configDump()).as("A is not selected").doesNotContain("orders-no-post");
    }
  }
}
