package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AuthorizationPolicy through pilot's watched policy directory, each case a real request into
 * sidecar B (orders.shop): from A ({@code shop/sa/frontend}) and C ({@code audit/sa/auditor},
 * another namespace) over auto mTLS, and a plaintext client with no principal (PERMISSIVE).
 */
class AuthorizationPolicyIT {

  private static final String ALLOW_FRONTEND_GET_API = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: frontend-reads, namespace: shop}
      spec:
        action: ALLOW
        rules:
        - from: [{source: {principals: [cluster.local/ns/shop/sa/frontend]}}]
          to: [{operation: {methods: [GET], paths: [/api/*, /admin]}}]
      """;

  /**
   * With a workload selector. Written before the sidecar connects: pilot then groups the sidecar
   * by the {@code app} label from its first request (see the report of issue 6 for the same policy
   * written while it runs, which pilot does not deliver yet).
   */
  private static final String ALLOW_GET_ON_ORDERS = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: orders-get, namespace: shop}
      spec:
        selector: {matchLabels: {app: orders}}
        rules:
        - to: [{operation: {methods: [GET]}}]
      """;

  private static final String DENY_ADMIN = """
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: no-admin, namespace: shop}
      spec:
        action: DENY
        rules:
        - to: [{operation: {paths: [/admin]}}]
      """;

  private static final String ALLOW_NAMESPACE_SHOP = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: same-namespace, namespace: shop}
      spec:
        rules:
        - from: [{source: {namespaces: [shop]}}]
      """;

  private static final String ALLOW_NOTHING = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow-nothing, namespace: shop}
      spec: {}
      """;

  @Test
  void aWorkloadSelectorPolicyAppliesToTheSelectedSidecar(@TempDir Path dir) throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("24h");
      mesh.writePolicy(ALLOW_GET_ON_ORDERS);
      await("pilot read the policy").atMost(Duration.ofSeconds(30))
          .until(() -> mesh.get("/v1/config").toString().contains("orders-get"));
      SecureMesh.Hop hop = mesh.startHop(false);
      SecureMesh.awaitConfig("policy[orders-get]", hop.b());
      MeshClient client = new MeshClient(mesh.ordersPort);
      assertThat(client.via(hop.a(), "GET", "/api/orders")).isEqualTo(200);
      assertThat(client.via(hop.a(), "POST", "/api/orders")).isEqualTo(403);
    }
  }

  @Test
  void allowAndDenyByPrincipalNamespaceMethodAndPath(@TempDir Path dir) throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("24h");
      SecureMesh.Hop hop = mesh.startHop(false);
      Sidecar a = hop.a();
      Sidecar b = hop.b();
      Sidecar c = mesh.start(
          Sidecar.Spec.client("auditor", "auditor", "127.0.0.3").inNamespace("audit"));
      MeshClient client = new MeshClient(mesh.ordersPort);
      int inbound = hop.inboundPort();

      // no policy: everything is allowed
      await("C through its sidecar").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> client.via(c, "GET", "/api/orders") == 200);
      assertThat(client.via(a, "POST", "/api/orders")).isEqualTo(200);
      assertThat(client.direct(inbound, "GET", "/api/orders")).isEqualTo(200);

      try (AccessLogCapture log = new AccessLogCapture()) {
        mesh.writePolicy(ALLOW_FRONTEND_GET_API);
        SecureMesh.awaitConfig("policy[frontend-reads]", b);
        assertThat(client.via(a, "GET", "/api/orders")).isEqualTo(200);
        assertThat(client.via(a, "POST", "/api/orders")).isEqualTo(403);
        assertThat(log.awaitInbound(2).path("response_flags").asText()).contains("RBAC");
        assertThat(client.via(a, "GET", "/other")).isEqualTo(403);
        assertThat(client.via(c, "GET", "/api/orders")).as("another principal").isEqualTo(403);
        assertThat(client.direct(inbound, "GET", "/api/orders")).as("no principal").isEqualTo(403);
        assertThat(client.via(a, "GET", "/admin")).as("allowed before the DENY").isEqualTo(200);
      }

      mesh.writePolicy(ALLOW_FRONTEND_GET_API + DENY_ADMIN);
      SecureMesh.awaitConfig("policy[no-admin]", b);
      assertThat(client.via(a, "GET", "/admin")).as("DENY before ALLOW").isEqualTo(403);
      assertThat(client.via(a, "GET", "/api/orders")).isEqualTo(200);

      mesh.writePolicy(ALLOW_NAMESPACE_SHOP);
      SecureMesh.awaitConfig("policy[same-namespace]", b);
      assertThat(client.via(a, "POST", "/anything")).isEqualTo(200);
      assertThat(client.via(c, "GET", "/api/orders")).as("namespace audit").isEqualTo(403);
      assertThat(client.direct(inbound, "GET", "/api/orders")).isEqualTo(403);

      mesh.writePolicy(ALLOW_NOTHING);
      await("B's ALLOW filter without policies")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !b.configDump().contains("policy[same-namespace]"));
      assertThat(client.via(a, "GET", "/api/orders")).as("ALLOW without rules").isEqualTo(403);

      mesh.writePolicy("");
      await("no RBAC filter on B")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !b.configDump().contains("envoy.filters.http.rbac"));
      assertThat(client.via(c, "GET", "/api/orders")).as("no policy again").isEqualTo(200);
    }
  }
}
