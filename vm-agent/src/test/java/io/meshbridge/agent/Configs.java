package io.meshbridge.agent;

import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.config.AgentConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** agent.yaml for tests: everything on loopback, fast health checks, state in a temp dir. */
final class Configs {

  /**
   * An agent for {@code orders.default} whose app is {@code app}, checked every 200 ms with
   * thresholds of 1, registering as {@code registration} (a YAML mapping, or null for none).
   */
  static String yaml(Path stateDir, int pilotPort, TestApp app, String registration) {
    return """
        stateDir: %s
        drainGracePeriod: 1s
        pilot:
          addresses: [127.0.0.1:%d]
        proxy:
          adminAddress: 127.0.0.1:0
        service:
          name: orders
          instanceId: vm1
          address: 127.0.0.1
          labels: {version: v1}
          ports:
            - {name: http, port: %d, protocol: HTTP, targetPort: %d}
        healthCheck:
          http: {path: /healthz}
          interval: 200ms
          timeout: 200ms
          healthyThreshold: 1
          unhealthyThreshold: 1
        registration: %s
        """.formatted(stateDir, pilotPort, freePort(), app.port(),
        registration == null ? "{type: none}" : registration);
  }

  static AgentConfig parse(String yaml) {
    return AgentConfigLoader.parse("agent.yaml", yaml);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Configs() {}
}
