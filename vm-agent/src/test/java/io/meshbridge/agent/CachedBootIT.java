package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.proxy.LastConfig;
import io.meshbridge.agent.status.StatusFile;
import io.meshbridge.agent.systemd.NotifyReceiver;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.proxy.xds.XdsSnapshot;
import io.meshbridge.registry.file.FileRegistry;
import java.io.IOException;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot from the last known config, with the packaged daemon as a separate process under a test
 * {@code NOTIFY_SOCKET}: a run with pilot writes {@code <stateDir>/last-config}; with pilot down
 * the next run sends READY=1 from it and the app's call through the outbound listener reaches the
 * backend; a corrupt cache is logged and ignored, and READY=1 then waits for pilot; an upstream
 * removed while the agent is stopped goes once it reconnects (pilot's removed_resources).
 */
class CachedBootIT {

  @TempDir Path dir;
  private final TestApp app = new TestApp("orders");
  private final TestApp payments = new TestApp("payments");
  private final HttpClient http = HttpClient.newHttpClient();
  private Process agent;
  private Pilot pilot;
  private int run;

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
  void bootsFromTheLastConfigIgnoresACorruptOneAndForgetsWhatPilotRemoved() throws Exception {
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
    Path lastConfig = state.resolve(LastConfig.NAME);
    StatusFile status = new StatusFile(state);

    // 1. With pilot: READY=1 from pilot, and the last config is written.
    pilot = startPilot(xdsPort, registry);
    try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify1").toString())) {
      agent = start(config, systemd);
      awaitReady(systemd);
      assertThat(readyMessage(systemd)).contains("from pilot");
      await("a call through the outbound listener").until(() -> call(paymentsPort));
      await("last-config written").until(() -> Files.exists(lastConfig));
      assertThat(XdsSnapshot.read(lastConfig).versions().get("LDS")).isNotEmpty();
      stop();
    }
    pilot.close();
    pilot = null;

    // 2. Pilot down: READY=1 from the cache, and the call works.
    try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify2").toString())) {
      agent = start(config, systemd);
      awaitReady(systemd);
      assertThat(readyMessage(systemd)).contains("from the cached last config");
      assertThat(call(paymentsPort)).isTrue();
      await("status: config cached").until(() -> status.read().path("configCached").asBoolean());
      assertThat(StatusCommand.render(status.read(), Instant.now()))
          .contains("config:       cached (listeners ", "pilot:        not connected");
      stop();
    }

    // 3. A corrupt cache: logged, ignored; READY=1 only once pilot is up, which rewrites it.
    byte[] bytes = Files.readAllBytes(lastConfig);
    Files.write(lastConfig, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify3").toString())) {
      agent = start(config, systemd);
      await("the corrupt cache is reported").atMost(Duration.ofSeconds(60))
          .until(() -> log().contains("ignoring the cached config: " + lastConfig + ": "));
      await("watchdog pings before READY").until(() -> systemd.messages().stream()
          .filter("WATCHDOG=1"::equals).count() >= 3);
      assertThat(systemd.messages()).noneMatch(m -> m.startsWith("READY=1"));
      assertThat(call(paymentsPort)).isFalse();

      pilot = startPilot(xdsPort, registry);
      awaitReady(systemd);
      assertThat(readyMessage(systemd)).contains("from pilot");
      await("a call through the outbound listener").until(() -> call(paymentsPort));
      await("last-config rewritten whole").untilAsserted(() ->
          assertThat(XdsSnapshot.read(lastConfig).versions()).containsKey("LDS"));
      stop();
    }

    // 4. payments leaves the mesh while the agent is down: the cache still has its listener, and
    // pilot's removed_resources (it honours initial_resource_versions) removes it after boot.
    Files.delete(registry.resolve("payments.yaml"));
    await("pilot saw the removal").until(() -> !pilot.aggregate().model().toString()
        .contains("payments"));
    try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify4").toString())) {
      agent = start(config, systemd);
      awaitReady(systemd);
      try {
        await("the removed upstream's listener is gone").atMost(Duration.ofSeconds(60))
            .until(() -> !status.read().path("upstreams").path(0).path("bound").asBoolean(true)
                && status.read().path("pilotConnected").asBoolean());
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(e.getMessage() + "\nstatus: " + status.read() + "\nagent log:\n"
            + log(), e);
      }
      assertThat(call(paymentsPort)).isFalse();
      await("last-config without it").until(() -> XdsSnapshot.read(lastConfig).responses().stream()
          .flatMap(r -> r.getResourcesList().stream())
          .noneMatch(r -> r.getName().endsWith("_" + paymentsPort)));
      stop();
    }
  }

  private Process start(Path config, NotifyReceiver systemd) throws IOException {
    run++;
    ProcessBuilder command = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "meshbridge-agent.jar").toAbsolutePath().toString(),
        "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(logFile().toFile());
    command.environment().put("NOTIFY_SOCKET", systemd.address());
    command.environment().put("WATCHDOG_USEC", "400000");
    return command.start();
  }

  private void stop() throws Exception {
    agent.destroy(); // SIGTERM
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(agent.exitValue()).as("exit code; log:\n" + log()).isZero();
  }

  private Path logFile() {
    return dir.resolve("agent-" + run + ".log");
  }

  private String log() throws IOException {
    return Files.readString(logFile());
  }

  private static Pilot startPilot(int xdsPort, Path registry) {
    Pilot started = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
        List.of(new FileRegistry("files", registry)));
    started.start();
    return started;
  }

  private static void awaitReady(NotifyReceiver systemd) {
    await("READY=1").atMost(Duration.ofSeconds(60))
        .until(() -> systemd.messages().stream().anyMatch(m -> m.startsWith("READY=1")));
  }

  private static String readyMessage(NotifyReceiver systemd) {
    return systemd.messages().stream().filter(m -> m.startsWith("READY=1")).findFirst()
        .orElseThrow();
  }

  /** Whether the app's call by mesh name through the outbound listener reaches payments. */
  private boolean call(int port) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .header("Host", "payments.default.mesh").timeout(Duration.ofSeconds(5)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body().equals("payments");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
