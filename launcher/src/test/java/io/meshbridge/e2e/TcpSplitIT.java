package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A VirtualService {@code tcp[]} route with weighted subset destinations, Istio YAML through pilot
 * into a real proxy's {@code tcp_proxy}: 1000 raw TCP connections split 80/20 between two TCP
 * backends, each connection's bytes echoed back through the proxy.
 */
class TcpSplitIT extends MeshTest {

  private static final int CONNECTIONS = 1000;

  @Test
  void eightyTwentyOverAThousandConnections() throws Exception {
    NamedTcpBackend a = started.add(new NamedTcpBackend("a"));
    NamedTcpBackend b = started.add(new NamedTcpBackend("b"));
    mesh.publishPorts("TCP", Map.of(a.name(), a.port(), b.name(), b.port()));
    mesh.writePolicy(
        LoopbackMesh.destinationRule("""
            subsets:
              - {name: a, labels: {backend: a}}
              - {name: b, labels: {backend: b}}
            """)
            + LoopbackMesh.virtualService("""
                tcp:
                  - match: [{port: %d}]
                    route:
                      - {destination: {host: hello, subset: a}, weight: 80}
                      - {destination: {host: hello, subset: b}, weight: 20}
                """.formatted(mesh.servicePort)));
    mesh.startWithPolicies(2);
    await("the proxy applied the TCP split")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("weighted_clusters"));

    Map<String, Integer> byBackend = new HashMap<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      byBackend.merge(exchange(mesh.servicePort, "ping " + i), 1, Integer::sum);
    }

    assertThat(byBackend).containsOnlyKeys("a", "b");
    // 80 % of 1000 has a binomial standard deviation of 12.6: ±5 of them is ±63.
    assertThat(byBackend.get("a")).isBetween(800 - 63, 800 + 63);
    assertThat(a.connections() + b.connections()).isEqualTo(CONNECTIONS);
  }

  /** One connection: reads the backend's greeting, sends a line, expects it echoed. */
  private static String exchange(int port, String line) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(5000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String backend = in.readLine();
      OutputStream out = socket.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).as("the echo from %s", backend).isEqualTo(line);
      return backend;
    }
  }
}
