package io.meshbridge.agent;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshbridge-agent run}: the daemon (the default command). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the daemon (default).")
final class RunCommand implements Runnable {

  private static final Logger logger = LoggerFactory.getLogger(RunCommand.class);

  @Mixin AgentOptions options;

  RunCommand() {
    this(new AgentOptions());
  }

  RunCommand(AgentOptions options) {
    this.options = requireNonNull(options, "options");
  }

  @Override
  public void run() {
    CheckCommand.load(options.config);
    logger.info("meshbridge-agent {} (skeleton: config loaded, nothing started)", AgentVersion.version());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "main-release"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
