package io.meshbridge.agent;

import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.config.AgentConfigException;
import io.meshbridge.agent.config.AgentConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshbridge-agent check --config FILE}: validates the config; exit 0, or 1 naming the field. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate the config and exit: 0 when valid, 1 with the error naming the field.")
final class CheckCommand implements Runnable {

  @Mixin AgentOptions options = new AgentOptions();

  @Override
  public void run() {
    AgentConfig config = load(options);
    System.out.println(options.config + ": OK (service " + config.service().key()
        + ", registration " + config.registration().type().configName() + ")");
  }

  /** The config with {@code --state-dir} applied; errors name the file and the field. */
  static AgentConfig load(AgentOptions options) {
    Path file = options.config;
    if (!Files.isRegularFile(file)) {
      throw new AgentUsageException("--config: " + file + " does not exist or is not a file");
    }
    try {
      AgentConfig config = AgentConfigLoader.load(file);
      return options.stateDir == null ? config : config.withStateDir(options.stateDir);
    } catch (AgentConfigException e) {
      throw new AgentUsageException(e.getMessage());
    }
  }
}
