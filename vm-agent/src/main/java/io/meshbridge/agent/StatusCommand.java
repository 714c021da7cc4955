package io.meshbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.proxy.LastConfig;
import io.meshbridge.agent.status.StatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meshbridge-agent status}: prints what the running daemon last wrote to {@code
 * <stateDir>/status.json} (rewritten every 2 s). The state directory is {@code --state-dir}, else
 * the config's {@code stateDir} when the config can be read, else /var/lib/meshbridge.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print registration, pilot connection, config version, health, certificate expiry.")
final class StatusCommand implements Runnable {

  @Mixin AgentOptions options = new AgentOptions();

  @Option(names = "--json", description = "Print the status file as it is.")
  boolean json;

  @Override
  public void run() {
    StatusFile file = new StatusFile(stateDir());
    JsonNode s;
    try {
      s = file.read();
    } catch (NoSuchFileException e) {
      throw new AgentUsageException(file.path() + ": no status (is meshbridge-agent running?)");
    } catch (IOException e) {
      throw new AgentUsageException(file.path() + ": cannot read: " + e.getMessage());
    }
    if (json) {
      System.out.println(s.toPrettyString());
      return;
    }
    System.out.print(render(s, Instant.now()));
  }

  private Path stateDir() {
    if (options.stateDir != null) {
      return options.stateDir;
    }
    if (Files.isRegularFile(options.config)) {
      try {
        return CheckCommand.load(options).stateDir();
      } catch (AgentUsageException e) {
        System.err.println("meshbridge-agent status: " + e.getMessage() + "; using "
            + AgentConfig.DEFAULT_STATE_DIR);
      }
    }
    return AgentConfig.DEFAULT_STATE_DIR;
  }

  /** The human-readable form; marks a file not rewritten for 10 s as stale. */
  static String render(JsonNode s, Instant now) {
    StringBuilder out = new StringBuilder();
    String updated = s.path("updatedAt").asText();
    String phase = s.path("phase").asText();
    try {
      if (!phase.equals("STOPPED")
          && Duration.between(Instant.parse(updated), now).compareTo(Duration.ofSeconds(10)) > 0) {
        phase += " (stale: not updated since " + updated + "; is the daemon running?)";
      }
    } catch (DateTimeParseException e) {
      phase += " (updatedAt unreadable: " + updated + ")";
    }
    line(out, "agent", "meshbridge-agent " + s.path("agentVersion").asText() + ", pid "
        + s.path("pid").asText() + ", " + phase);
    JsonNode r = s.path("registration");
    line(out, "registration", r.path("registry").asText() + ": " + r.path("phase").asText()
        + (r.path("message").asText().isEmpty() ? "" : " (" + r.path("message").asText() + ")")
        + " since " + r.path("since").asText());
    line(out, "pilot", (s.path("pilotConnected").asBoolean() ? "connected" : "not connected")
        + " " + s.path("pilotAddresses"));
    String versions = "listeners " + s.path("listenersVersion").asText() + ", clusters "
        + s.path("clustersVersion").asText();
    line(out, "config", !s.path("proxyReady").asBoolean()
        ? "none yet (waiting for pilot's first config)"
        : s.path("configCached").asBoolean() && !s.path("pilotConnected").asBoolean()
            ? "cached (" + versions + "; from " + LastConfig.NAME + ", pilot not reached yet)"
            : versions);
    if (s.path("lastNack").isTextual()) {
      line(out, "rejected", s.path("lastNack").asText());
    }
    JsonNode h = s.path("health");
    line(out, "health", h.path("status").asText() + " (" + h.path("detail").asText() + ") since "
        + h.path("since").asText());
    line(out, "certificate", s.path("certificateExpiry").isTextual()
        ? "expires " + s.path("certificateExpiry").asText() : "none");
    for (JsonNode u : s.path("upstreams")) {
      line(out, "upstream", u.path("host").asText() + " via " + u.path("listener").asText()
          + (u.path("bound").asBoolean() ? " (bound)" : " (no listener from pilot)"));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format("%-13s %s%n", key + ":", value));
  }
}
