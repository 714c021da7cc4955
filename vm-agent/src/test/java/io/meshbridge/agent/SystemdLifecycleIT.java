package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.agent.status.StatusFile;
import io.meshbridge.agent.systemd.NotifyReceiver;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.registry.file.FileRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon ({@code java -jar target/meshbridge-agent.jar}, a separate process) under a
 * test {@code NOTIFY_SOCKET}, with a real pilot in this JVM: READY=1 only once the proxy holds
 * pilot's first config, WATCHDOG=1 at half of WATCHDOG_USEC, and on SIGTERM STOPPING=1 and exit 0.
 * On the way, the app calls a mesh service through the agent's outbound listener.
 */
class SystemdLifecycleIT {

  @TempDir Path dir;
  private final TestApp app = new TestApp("orders");
  private final TestApp payments = new TestApp("payments");
  private Process agent;
  private Pilot pilot;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor();
    }
    if (pilot != null) {
      pilot.close();
    }
    app.close();
    payments.close();
  }

  @Test
  void readyAfterFirstConfigWatchdogWhileRunningStoppingOnSigterm() throws Exception {
    int xdsPort = Configs.freePort();
    int paymentsPort = Configs.freePort();
    Path registry = Files.createDirectories(dir.resolve("registry"));
    Files.writeString(registry.resolve("payments.yaml"), """
        services:
          - name: payments
            namespace: default
            ports: [{name: http, number: %d, protocol: HTTP}]
            endpoints:
              - {address: 127.0.0.1, ports: {http: %d}}
        """.formatted(paymentsPort, payments.port()));
    Path state = dir.resolve("state");
    Path config = Files.writeString(dir.resolve("agent.yaml"),
        Configs.yaml(state, xdsPort, app, null)
            + "upstreams: [{name: payments, port: " + paymentsPort + "}]\n");

    try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString())) {
      ProcessBuilder command = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", Path.of("target", "meshbridge-agent.jar").toAbsolutePath().toString(),
          "run", "--config", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("agent.log").toFile());
      command.environment().put("NOTIFY_SOCKET", systemd.address());
      command.environment().put("WATCHDOG_USEC", "400000");
      agent = command.start();

      // Pilot is not up: the daemon runs and reports, but is not ready.
      StatusFile status = new StatusFile(state);
      await("status.json").atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(status.path()));
      await("watchdog pings before READY").until(() -> count(systemd, "WATCHDOG=1") >= 2);
      assertThat(systemd.messages()).noneMatch(m -> m.startsWith("READY=1"));
      assertThat(status.read().path("proxyReady").asBoolean()).isFalse();

      pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
          List.of(new FileRegistry("files", registry)));
      pilot.watchPolicies(noMeshTls(), Duration.ofSeconds(1));
      pilot.start();
      await("READY=1").atMost(Duration.ofSeconds(60))
          .until(() -> systemd.messages().stream().anyMatch(m -> m.startsWith("READY=1")));
      int pingsAtReady = count(systemd, "WATCHDOG=1");
      await("watchdog pings after READY").until(() -> count(systemd, "WATCHDOG=1") >= pingsAtReady + 3);

      // The app's call through the outbound listener, by mesh name.
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + paymentsPort + "/"))
          .header("Host", "payments.default.mesh").timeout(Duration.ofSeconds(5)).build();
      HttpClient http = HttpClient.newHttpClient();
      await("a call through the outbound listener").until(
          () -> http.send(call, HttpResponse.BodyHandlers.ofString()).body().equals("payments"));

      await("status: connected, config version, upstream bound").until(() -> {
        JsonNode s = status.read();
        return s.path("pilotConnected").asBoolean()
            && !s.path("listenersVersion").asText().isEmpty()
            && s.path("upstreams").path(0).path("bound").asBoolean();
      });
      String printed = StatusCommand.render(status.read(), Instant.now());
      assertThat(printed).contains("pilot:        connected", "registration: none: DISABLED",
          "health:       HEALTHY", "certificate:  none", "upstream:     payments.default.mesh:"
              + paymentsPort + " via 127.0.0.1_" + paymentsPort + " (bound)");

      await("STATUS= for systemctl status").until(() -> systemd.messages().contains(
          "STATUS=health HEALTHY, registration DISABLED, pilot connected"));

      agent.destroy(); // SIGTERM
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(agent.exitValue()).as("exit code; log:\n" + Files.readString(dir.resolve("agent.log")))
          .isZero();
      List<String> messages = systemd.messages();
      assertThat(messages).contains("STOPPING=1");
      assertThat(messages.indexOf("STOPPING=1"))
          .isGreaterThan(indexOfPrefix(messages, "READY=1"));
      assertThat(status.read().path("phase").asText()).isEqualTo("STOPPED");
    }
  }

  /**
   * This pilot has no CA, so there is no mesh identity and no {@code ROOTCA}: the mesh-wide
   * PeerAuthentication must be DISABLE. Left at Istio's default (PERMISSIVE), pilot's inbound
   * listener for the agent's {@code MESHBRIDGE_INBOUND} port would reference {@code ROOTCA}, which
   * a pilot without a CA never serves, and the proxy's initial fetch would never complete.
   */
  private Path noMeshTls() throws java.io.IOException {
    Path policy = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(policy.resolve("mesh.yaml"), """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: DISABLE}}
        """);
    return policy;
  }

  private static int count(NotifyReceiver systemd, String message) {
    return (int) systemd.messages().stream().filter(message::equals).count();
  }

  private static int indexOfPrefix(List<String> messages, String prefix) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
