package io.meshbridge.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshbridge-agent status}: prints what the running daemon last wrote to its status file. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print registration, pilot connection, config version, health, certificate expiry.")
final class StatusCommand implements Runnable {

  static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/meshbridge");

  @Mixin AgentOptions options = new AgentOptions();

  @Override
  public void run() {
    Path stateDir = options.stateDir != null ? options.stateDir : DEFAULT_STATE_DIR;
    Path file = stateDir.resolve("status.json");
    try {
      System.out.println(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new AgentUsageException(file + ": no status (is meshbridge-agent running?)");
    } catch (IOException e) {
      throw new AgentUsageException(file + ": cannot read: " + e.getMessage());
    }
  }
}
