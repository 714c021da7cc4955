package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.agent.status.AgentStatus;
import io.meshbridge.agent.status.StatusFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

  @TempDir Path dir;

  private AgentStatus status(String updatedAt, String registrationPhase, String message) {
    return new AgentStatus("0.1.0", 42, "RUNNING", updatedAt, true, List.of("10.0.0.1:15010"),
        true, "v7", "v9", "LDS v8 at 2026-01-01T00:00:02Z: Listener x: port: 0", new AgentStatus.Health("HEALTHY", "HTTP 200", "2026-01-01T00:00:00Z"),
        new AgentStatus.Registration("consul(http://127.0.0.1:8500)", registrationPhase, message,
            "2026-01-01T00:00:01Z"),
        "2026-02-01T00:00:00Z", List.of(), false);
  }

  @Test
  void printsEveryPartFromTheAtomicallyWrittenFile() throws Exception {
    StatusFile file = new StatusFile(dir);
    file.write(status("2026-01-01T00:00:05Z", "DEGRADED", "Connection refused"));
    String out = StatusCommand.render(file.read(), Instant.parse("2026-01-01T00:00:06Z"));
    assertThat(out).contains(
        "agent:        meshbridge-agent 0.1.0, pid 42, RUNNING\n",
        "registration: consul(http://127.0.0.1:8500): DEGRADED (Connection refused)",
        "pilot:        connected [\"10.0.0.1:15010\"]",
        "config:       listeners v7, clusters v9",
        "rejected:     LDS v8 at 2026-01-01T00:00:02Z: Listener x: port: 0",
        "health:       HEALTHY (HTTP 200)",
        "certificate:  expires 2026-02-01T00:00:00Z");
    assertThat(dir.toFile().list()).containsExactly(StatusFile.NAME);
  }

  @Test
  void aConfigServedFromTheCacheSaysSoUntilPilotConnects() throws Exception {
    AgentStatus s = status("2026-01-01T00:00:05Z", "REGISTERED", "");
    AgentStatus cached = new AgentStatus(s.agentVersion(), s.pid(), s.phase(), s.updatedAt(), true,
        s.pilotAddresses(), false, "v7", "v9", null, s.health(), s.registration(),
        s.certificateExpiry(), s.upstreams(), true);
    String json = new ObjectMapper().writeValueAsString(cached);
    assertThat(StatusCommand.render(new ObjectMapper().readTree(json),
        Instant.parse("2026-01-01T00:00:06Z")))
        .contains("config:       cached (listeners v7, clusters v9; from last-config, pilot not"
            + " reached yet)");
  }

  @Test
  void anOldFileIsMarkedStale() throws Exception {
    String json = new ObjectMapper().writeValueAsString(status("2026-01-01T00:00:00Z", "REGISTERED", ""));
    String out = StatusCommand.render(new ObjectMapper().readTree(json),
        Instant.parse("2026-01-01T00:01:00Z"));
    assertThat(out).contains("RUNNING (stale: not updated since 2026-01-01T00:00:00Z");
  }
}
