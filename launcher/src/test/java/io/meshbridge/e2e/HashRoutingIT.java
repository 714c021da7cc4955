package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.SampleBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DestinationRule {@code consistentHash.httpHeaderName} through pilot into a real proxy: every
 * value of the header sticks to one endpoint, and the values spread over the endpoints. (Named
 * apart from the proxy module's {@code ConsistentHashIT}, which drives the proxy without pilot.)
 */
class HashRoutingIT {

  @TempDir Path workDir;

  private LoopbackMesh mesh;

  @AfterEach
  void tearDown() {
    mesh.close();
  }

  @Test
  void eachUserAlwaysReachesTheSameEndpoint() throws Exception {
    mesh = new LoopbackMesh(workDir);
    mesh.publish(List.of(mesh.addBackend("a"), mesh.addBackend("b"), mesh.addBackend("c")));
    mesh.writePolicy("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: hello, namespace: default}
        spec:
          host: hello
          trafficPolicy:
            loadBalancer:
              consistentHash: {httpHeaderName: x-user}
        """);
    mesh.startWithPolicies(1);
    await("the proxy applied the hash policy")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("hash_policy"));

    MeshClient client = new MeshClient();
    Map<String, Set<String>> backendsByUser = new HashMap<>();
    for (int user = 0; user < 20; user++) {
      for (int i = 0; i < 10; i++) {
        MeshClient.Reply r =
            client.get(mesh.servicePort, mesh.authority(), Map.of("x-user", "user-" + user));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        backendsByUser.computeIfAbsent("user-" + user, u -> new HashSet<>()).add(r.backend());
      }
    }
    assertThat(backendsByUser).hasSize(20).allSatisfy((user, backends) -> assertThat(backends)
        .as("endpoints reached by %s", user).hasSize(1));
    Set<String> used = new HashSet<>();
    backendsByUser.values().forEach(used::addAll);
    // 20 users all on one of 3 endpoints by chance: probability 3^-19.
    assertThat(used).as("endpoints reached by some user").hasSizeGreaterThan(1);
  }
}
