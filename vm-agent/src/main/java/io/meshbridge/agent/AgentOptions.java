package io.meshbridge.agent;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command shares: where the config and the state live. */
final class AgentOptions {

  static final Path DEFAULT_CONFIG = Path.of("/etc/meshbridge/agent.yaml");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The agent's config (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/meshbridge/agent.yaml")
  Path config = DEFAULT_CONFIG;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "State that survives a reboot: identity, last known config, status"
              + " (default: the config's stateDir, else /var/lib/meshbridge).")
  @Nullable Path stateDir;
}
