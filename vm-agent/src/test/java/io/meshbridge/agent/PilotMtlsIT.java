package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.status.AgentStatus;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.ca.CaOptions;
import io.meshbridge.pilot.ca.CaServer;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.xds.ProxyStatus;
import io.meshbridge.registry.file.FileRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real pilot with its CA and no plaintext port: it joins with a one-time
 * token, gets its config over ADS on the secure port with its mesh certificate (mTLS), shows the
 * certificate's expiry, and after a restart reconnects with the identity kept in {@code
 * <stateDir>/identity} (the token is spent by then, so a second CSR with it would be refused).
 */
class PilotMtlsIT {

  private static final SpiffeId ORDERS = new SpiffeId("cluster.local", "default", "default");

  @TempDir Path dir;
  private final TestApp app = new TestApp("orders");
  private final TestApp payments = new TestApp("payments");
  private CertificateAuthority ca;
  private CaServer secure;
  private Pilot pilot;
  private Agent agent;
  private int paymentsPort;

  @BeforeEach
  void startPilot() throws Exception {
    paymentsPort = Configs.freePort();
    Path registry = Files.createDirectories(dir.resolve("registry"));
    Files.writeString(registry.resolve("payments.yaml"), """
        services:
          - name: payments
            namespace: default
            ports: [{name: http, number: %d, protocol: HTTP}]
            endpoints:
              - {address: 127.0.0.1, ports: {http: %d}}
        """.formatted(paymentsPort, payments.port()));
    ca = CertificateAuthority.open(CaOptions.defaults(dir.resolve("ca")).withPort(0), null,
        Clock.systemUTC());
    pilot = Pilot.create(PilotOptions.defaults(), List.of(new FileRegistry("files", registry)));
    secure = pilot.secureServer(ca);
    secure.start();
    pilot.start();
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    secure.stop();
    pilot.close();
    app.close();
    payments.close();
  }

  @Test
  void joinsWithATokenGetsConfigOverMtlsAndKeepsItsIdentityAcrossARestart() throws Exception {
    assertThat(pilot.xdsPort()).as("no plaintext xDS").isEqualTo(-1);
    Path root = Files.writeString(dir.resolve("root-cert.pem"), ca.rootsPem());
    Path token = Files.writeString(dir.resolve("join-token"),
        ca.joinTokens().create(ORDERS, Duration.ofHours(1)).token());
    String ca = "pilot:\n  ca: {address: '127.0.0.1:%d', rootFile: '%s', joinTokenFile: '%s'}\n"
        .formatted(secure.port(), root, token);
    String yaml = Configs.yaml(dir.resolve("state"), secure.port(), app, null)
        .replace("pilot:\n", ca)
        + "upstreams: [{name: payments, port: " + paymentsPort + "}]\n";

    agent = Agent.start(Configs.parse(yaml), Map.of(), Clock.systemUTC());
    await("first config over mTLS").atMost(Duration.ofSeconds(60)).until(agent::ready);
    assertThat(Files.readString(dir.resolve("state").resolve("bootstrap.json")))
        .contains("envoy.transport_sockets.tls");
    await().untilAsserted(() -> assertThat(pilot.proxies())
        .extracting(ProxyStatus::identity).containsExactly(ORDERS.uri()));
    assertCallThroughOutboundListener();
    AgentStatus status = agent.status();
    assertThat(status.pilotConnected()).isTrue();
    assertThat(status.listenersVersion()).isNotEmpty();
    assertThat(status.certificateExpiry()).as("certificate expiry").isNotNull();
    assertThat(Instant.parse(status.certificateExpiry())).isAfter(Instant.now());
    assertThat(Files.exists(dir.resolve("state").resolve("identity").resolve("identity.pem")))
        .isTrue();
    long issued = this.ca.metrics().issued();

    agent.close();
    agent = Agent.start(Configs.parse(yaml), Map.of(), Clock.systemUTC());
    await("first config after the restart").atMost(Duration.ofSeconds(60)).until(agent::ready);
    assertCallThroughOutboundListener();
    assertThat(this.ca.metrics().issued()).as("no new certificate: the stored one was reused")
        .isEqualTo(issued);
    assertThat(agent.status().certificateExpiry()).isEqualTo(status.certificateExpiry());
  }

  private void assertCallThroughOutboundListener() {
    HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + paymentsPort + "/"))
        .header("Host", "payments.default.mesh").timeout(Duration.ofSeconds(5)).build();
    HttpClient http = HttpClient.newHttpClient();
    await("a call through the outbound listener").until(
        () -> http.send(call, HttpResponse.BodyHandlers.ofString()).body().equals("payments"));
  }
}
