package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * VirtualService path rewrites and redirects through pilot into a real proxy, checked by the path
 * the backend received: {@code rewrite.uriRegexRewrite}, {@code rewrite.uri} on an exact match
 * (both Envoy {@code regex_rewrite}), and a case-insensitive ({@code ignoreUriCase}) redirect with
 * {@code derivePort: FROM_REQUEST_PORT}.
 */
class RouteRewriteIT extends MeshTest {

  @Test
  void rewritesAndRedirectsAsTheVirtualServiceSays() throws Exception {
    StatusBackend backend = started.add(StatusBackend.answering("paths", 200));
    mesh.publishPorts(Map.of(backend.name(), backend.port()));
    mesh.writePolicy(LoopbackMesh.virtualService("""
        http:
          - name: profiles
            match: [{uri: {prefix: /users/}}]
            rewrite: {uriRegexRewrite: {match: '^/users/([0-9]+)/profile$', rewrite: '/profiles/\\1'}}
            route: [{destination: {host: hello}}]
          - name: legacy
            match: [{uri: {exact: /legacy.html}}]
            rewrite: {uri: /modern}
            route: [{destination: {host: hello}}]
          - name: docs
            match: [{uri: {prefix: /docs/}, ignoreUriCase: true}]
            redirect: {authority: docs.example.com, derivePort: FROM_REQUEST_PORT}
        """));
    mesh.startWithPolicies(1);
    await("the proxy applied the routes")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("regex_rewrite"));

    assertThat(pathSeen(mesh, "/users/42/profile?x=1")).isEqualTo("/profiles/42?x=1");
    assertThat(pathSeen(mesh, "/users/42/other")).isEqualTo("/users/42/other");
    assertThat(pathSeen(mesh, "/legacy.html?v=2")).isEqualTo("/modern?v=2");

    MeshClient.Reply redirect = new MeshClient().get(
        mesh.servicePort, mesh.authority(), "/DOCS/intro?q=1", Map.of());
    assertThat(redirect.status()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("location")).contains(
        "http://docs.example.com:" + mesh.servicePort + "/DOCS/intro?q=1");
    assertThat(new MeshClient().get(mesh.servicePort, mesh.authority(), "/legacy.HTML", Map.of())
        .status()).as("exact matches stay case-sensitive").isEqualTo(404);
    assertThat(backend.requests()).isEqualTo(3);
  }

  private static String pathSeen(LoopbackMesh mesh, String target) throws Exception {
    MeshClient.Reply r = new MeshClient().get(mesh.servicePort, mesh.authority(), target, Map.of());
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.headers().firstValue("x-path").orElseThrow();
  }
}
