package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.proxy.bootstrap.AdsApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pilot goes away while traffic flows: the proxy keeps serving its last good config with no failed
 * request; pilot comes back on the same address: the proxy reconnects, resyncs and follows changes.
 * Once over state-of-the-world ADS and once over delta ADS (where the reconnect also carries the
 * versions the proxy holds in initial_resource_versions).
 */
class PilotRestartIT {

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(AdsApi.class)
  void proxyServesThroughAPilotRestartAndFollowsChangesAfterIt(AdsApi api) throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(workDir)) {
      SampleBackend one = mesh.addBackend("one");
      SampleBackend two = mesh.addBackend("two");
      mesh.publish(List.of(one, two));
      mesh.startPilot();
      mesh.startProxy(api);
      await().atMost(Duration.ofSeconds(20)).until(() -> mesh.proxy().ready());

      try (ClientLoop loop = mesh.clientLoop()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > 20);

        mesh.stopPilot();
        await().atMost(Duration.ofSeconds(10)).until(() -> xdsConnected(mesh).equals("0"));
        long whileDown = loop.succeeded();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.succeeded() > whileDown + 200);

        mesh.startPilot();
        await().atMost(Duration.ofSeconds(45)).until(() -> xdsConnected(mesh).equals("1"));

        SampleBackend three = mesh.addBackend("three");
        mesh.publish(List.of(one, two, three));
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.answeredBy("three") > 10);

        loop.stop();
        assertThat(loop.failures()).isEmpty();
      }
    }
  }

  private static String xdsConnected(LoopbackMesh mesh) {
    return mesh.admin().get("/stats/prometheus").lines()
        .filter(l -> l.startsWith("xds_connected "))
        .map(l -> l.substring("xds_connected ".length()).strip())
        .findFirst()
        .orElse("missing");
  }
}
