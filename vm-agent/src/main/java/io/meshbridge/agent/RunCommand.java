package io.meshbridge.agent;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code meshbridge-agent run}: the daemon (the default command). SIGTERM and SIGINT stop it
 * cleanly (STOPPING=1, deregister, drain) and it exits 0, as systemd expects of a clean stop.
 */
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
    Agent agent = Agent.start(CheckCommand.load(options), System.getenv(), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      agent.close();
      stopped.countDown();
    };
    AtomicBoolean signalled = new AtomicBoolean();
    if (!Signals.onTermination(() -> {
      if (!signalled.compareAndSet(false, true)) {
        logger.info("already stopping");
        return;
      }
      stop.run();
      System.exit(0);
    })) {
      logger.warn("cannot handle SIGTERM directly; stopping from a shutdown hook (exit code 143)");
    }
    // Also on System.exit from elsewhere; close() is idempotent.
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
