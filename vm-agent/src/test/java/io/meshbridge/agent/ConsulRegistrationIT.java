package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.registration.RegistrationState.Phase;
import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent registering into Consul (the simulator of its agent HTTP API). */
class ConsulRegistrationIT {

  private static final String ID = "orders-vm1";
  private static final String CHECK = "service:orders-vm1";

  @TempDir Path state;
  private final TestApp app = new TestApp("orders");
  private final ConsulSimulator consul = ConsulSimulator.start();
  private Agent agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    consul.close();
    app.close();
  }

  private Agent start() {
    String registration = "{type: consul, retryInterval: 1s, consul: {address: '"
        + consul.address() + "', ttl: 3s}}";
    return Agent.start(Configs.parse(Configs.yaml(state, Configs.freePort(), app, registration)),
        Map.of(), Clock.systemUTC());
  }

  private Optional<CheckStatus> check() {
    return consul.checkStatus(consul.agentDatacenter(), CHECK);
  }

  @Test
  void registersOnceHealthyFollowsHealthAndDeregistersOnStop() {
    agent = start();

    await().until(() -> check().orElse(null) == CheckStatus.PASSING);
    assertThat(consul.instance(consul.agentDatacenter(), ID).orElseThrow().port())
        .as("the mesh-facing port is registered, not the app's")
        .isNotEqualTo(app.port());

    app.healthy(false);
    await().until(() -> check().orElse(null) == CheckStatus.CRITICAL);
    app.healthy(true);
    await().until(() -> check().orElse(null) == CheckStatus.PASSING);

    agent.close();
    assertThat(consul.instance(consul.agentDatacenter(), ID)).isEmpty();
    assertThat(check()).isEmpty();
  }

  @Test
  void neverRegistersAnAppThatNeverPassed() {
    app.healthy(false);
    agent = start();
    await().until(() -> agent.status().health().status().equals("UNHEALTHY"));
    // The probe has failed; registration waits for a pass and has sent nothing to Consul.
    assertThat(agent.status().registration().phase()).isEqualTo(Phase.WAITING_FOR_HEALTH.name());
    assertThat(consul.instance(consul.agentDatacenter(), ID)).isEmpty();
  }

  @Test
  void anUnreachableConsulAtStartIsADegradedStartThatRetries() {
    consul.stop();
    agent = start();
    await().until(() -> agent.status().registration().phase().equals(Phase.DEGRADED.name()));
    assertThat(agent.status().registration().message()).contains("consul(");

    consul.restart();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> check().orElse(null) == CheckStatus.PASSING);
    assertThat(agent.status().registration().phase()).isEqualTo(Phase.REGISTERED.name());
  }
}
