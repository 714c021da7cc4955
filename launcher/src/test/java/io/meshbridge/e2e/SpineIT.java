package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.SampleBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine end to end on loopback: file registry → pilot → xDS → proxy → real HTTP backends.
 * Every change goes through the registry file, as a user would make it.
 */
class SpineIT {

  @TempDir Path workDir;

  private LoopbackMesh mesh;
  private SampleBackend one;
  private SampleBackend two;
  private final MeshClient client = new MeshClient();

  @BeforeEach
  void startMesh() {
    mesh = new LoopbackMesh(workDir);
    one = mesh.addBackend("one");
    two = mesh.addBackend("two");
    mesh.publish(List.of(one, two));
    mesh.startPilot();
    mesh.startProxy();
    await().atMost(Duration.ofSeconds(20)).until(() -> mesh.proxy().ready());
  }

  @AfterEach
  void stopMesh() {
    mesh.close();
  }

  @Test
  void requestsReachBothBackendsInTurn() throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(backendsOf(4)).containsExactlyInAnyOrder("one", "two"));
    String first = backendOf();
    assertThat(backendOf()).isNotEqualTo(first); // round robin alternates
  }

  @Test
  void anAddedEndpointGetsTrafficWithNoFailedRequestAndNoProxyRestart() throws Exception {
    SampleBackend three = mesh.addBackend("three");
    try (ClientLoop loop = mesh.clientLoop()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > 20);

      mesh.publish(List.of(one, two, three));

      await().atMost(Duration.ofSeconds(10)).until(() -> loop.answeredBy("three") > 10);
      long before = loop.succeeded();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > before + 50);
      loop.stop();
      assertThat(loop.failures()).isEmpty();
      assertThat(loop.answeredBy("one")).isPositive();
      assertThat(loop.answeredBy("two")).isPositive();
    }
  }

  @Test
  void aRemovedEndpointGetsNoMoreTraffic() throws Exception {
    try (ClientLoop loop = mesh.clientLoop()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.answeredBy("two") > 5);

      mesh.publish(List.of(one));

      // Once the removal has applied, "two" answers nothing more, however many requests follow.
      await().atMost(Duration.ofSeconds(10)).until(() -> quietFor(two, 20));
      long twoBefore = two.requests();
      long okBefore = loop.succeeded();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > okBefore + 100);
      loop.stop();
      assertThat(two.requests()).isEqualTo(twoBefore);
      assertThat(loop.failures()).isEmpty();
    }
  }

  @Test
  void aMalformedRegistryFileIsReportedWithFileLineAndFieldAndTheLastGoodContentKeepsServing()
      throws Exception {
    try (ClientLoop loop = mesh.clientLoop()) {
      mesh.writeFile(
          "hello.yaml",
          """
          services:
            - name: hello
              ports:
                - name: http
                  number: not-a-port
          """);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  mesh.pilot().aggregate().registries().get(0).problems().stream()
                      .anyMatch(p -> p.startsWith("hello.yaml:5:") && p.contains("number")));
      long okBefore = loop.succeeded();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > okBefore + 50);
      loop.stop();
      assertThat(loop.failures()).isEmpty();
      assertThat(loop.answeredBy("one")).isPositive();
      assertThat(loop.answeredBy("two")).isPositive();
    }
  }

  private boolean quietFor(SampleBackend backend, int requests) throws Exception {
    long before = backend.requests();
    for (int i = 0; i < requests; i++) {
      backendOf();
    }
    return backend.requests() == before;
  }

  private String backendOf() throws Exception {
    return client.backendOf(mesh.servicePort, LoopbackMesh.HOST + ":" + mesh.servicePort);
  }

  private Set<String> backendsOf(int n) throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(backendOf());
    }
    return seen;
  }
}
