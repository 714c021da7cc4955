package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.EmbeddedPilot;
import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource the proxy cannot apply (a listener on a port something else holds) is NACKed; pilot's
 * {@code GET /v1/proxies} shows the message; traffic keeps flowing on the last good config.
 */
class NackIT {

  @TempDir Path workDir;

  @Test
  void unbindableListenerIsNackedVisibleInPilotAndTrafficKeepsFlowing() throws Exception {
    int restPort = LoopbackMesh.freePort();
    try (LoopbackMesh mesh = new LoopbackMesh(workDir);
        ServerSocket squatter =
            new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      SampleBackend one = mesh.addBackend("one");
      SampleBackend two = mesh.addBackend("two");
      mesh.publish(List.of(one, two));
      Path pilotYaml = workDir.resolve("pilot.yaml");
      Files.writeString(pilotYaml, QuickstartFiles.pilot(mesh.registryDir, mesh.xdsPort, restPort));
      try (EmbeddedPilot pilot = EmbeddedPilot.start(pilotYaml)) {
        assertThat(pilot).isNotNull();
        mesh.startProxy();
        await().atMost(Duration.ofSeconds(20)).until(() -> mesh.proxy().ready());
        LoopbackMesh.SimpleGet rest = new LoopbackMesh.SimpleGet(restPort);

        try (ClientLoop loop = mesh.clientLoop()) {
          await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > 20);

          // A second service whose port is taken on the proxy's address: its listener cannot bind.
          int taken = squatter.getLocalPort();
          mesh.writeFile(
              "blocked.yaml",
              """
              services:
                - name: blocked
                  namespace: default
                  ports: [{name: http, number: %d, protocol: HTTP}]
                  endpoints: [{address: 127.0.0.1, ports: {http: %d}}]
              """
                  .formatted(taken, one.port()));

          String listener = "127.0.0.1_" + taken;
          await()
              .atMost(Duration.ofSeconds(15))
              .untilAsserted(
                  () ->
                      assertThat(rest.get("/v1/proxies"))
                          .contains("quickstart-proxy")
                          .contains(listener)
                          .contains("Address already in use"));

          long okBefore = loop.succeeded();
          await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > okBefore + 50);
          loop.stop();
          assertThat(loop.failures()).isEmpty();
          assertThat(mesh.admin().get("/stats/prometheus"))
              .containsPattern("xds_update_rejected_total\\{type=\"lds\"} [1-9]");
        }
      }
    }
  }
}
