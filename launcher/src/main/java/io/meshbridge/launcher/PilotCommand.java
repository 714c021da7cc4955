package io.meshbridge.launcher;

import io.meshbridge.pilot.PilotApplication;
import io.meshbridge.pilot.PilotConfigurations;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshbridge pilot --config pilot.yaml}: runs the control plane until stopped. */
@Command(
    name = "pilot",
    mixinStandardHelpOptions = true,
    description = "Run the control plane: registries in, xDS out (see pilot/README.md).")
final class PilotCommand implements Runnable {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Pilot's YAML configuration (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/meshbridge/pilot.yaml")
  Path config;

  @Override
  public void run() {
    if (!Files.isRegularFile(config)) {
      throw new UsageError("--config: " + config + " does not exist or is not a file");
    }
    // Validate first, so a bad file fails with the field named and nothing half-started.
    PilotConfigurations.load(config).requireXdsServed();
    try {
      new PilotApplication().run("server", config.toString());
    } catch (Exception e) {
      throw new IllegalStateException("pilot failed to start: " + e.getMessage(), e);
    }
  }
}
