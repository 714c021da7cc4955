package io.meshbridge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's first command: answers alternate between the two backends; close frees all. */
class QuickstartIT {

  @TempDir Path dir;

  @Test
  void answersAlternateBetweenTheBackendsThroughTheProxy() throws Exception {
    int servicePort;
    int caPort;
    try (Quickstart q = Quickstart.start(dir)) {
      servicePort = q.servicePort();
      caPort = q.caPort();
      // Pilot runs its CA too, state in the work directory, so an mTLS quickstart can join.
      assertThat(q.caDirectory().resolve("root-cert.pem")).exists();
      assertThat(q.caDirectory().resolve("admin-token")).exists();
      await().atMost(Duration.ofSeconds(20)).until(() -> q.proxy().ready());
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        SimpleHttp.Response r = q.request(); // a new connection each time, as curl in a loop
        assertThat(r.status()).isEqualTo(200);
        bodies.add(r.body().strip());
      }
      assertThat(bodies).allMatch(b -> b.startsWith("hello from backend-"));
      for (int i = 1; i < bodies.size(); i++) {
        assertThat(bodies.get(i)).isNotEqualTo(bodies.get(i - 1));
      }
      assertThat(q.curlCommand())
          .contains("--resolve hello.default.mesh:" + servicePort + ":127.0.0.1");
    }
    // Everything stopped: the proxy's listener port is free again.
    try (ServerSocket s =
        new ServerSocket(servicePort, 1, InetAddress.getByName(Quickstart.HOST))) {
      assertThat(s.getLocalPort()).isEqualTo(servicePort);
    }
    try (ServerSocket s = new ServerSocket(caPort, 1, InetAddress.getByName(Quickstart.HOST))) {
      assertThat(s.getLocalPort()).isEqualTo(caPort);
    }
  }
}
