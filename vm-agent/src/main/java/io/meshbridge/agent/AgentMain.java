package io.meshbridge.agent;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code meshbridge-agent [run|check|status] [options]}: the VM daemon's command line. Without a
 * subcommand it runs the daemon, as systemd's {@code ExecStart=/usr/bin/meshbridge-agent} does.
 */
@Command(
    name = "meshbridge-agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentVersion.Provider.class,
    description = "Run the Meshbridge proxy on a VM and join it to the estate's registry.",
    subcommands = {RunCommand.class, CheckCommand.class, StatusCommand.class})
public final class AgentMain implements Runnable {

  @Mixin AgentOptions options = new AgentOptions();

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** The parsed command tree; bad flags print the usage (exit code 2). */
  static CommandLine commandLine() {
    return new CommandLine(new AgentMain()).setExecutionExceptionHandler(AgentMain::onError);
  }

  private static int onError(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    cmd.getErr().println("meshbridge-agent " + cmd.getCommandName() + ": " + e.getMessage());
    if (!(e instanceof AgentUsageException)) {
      e.printStackTrace(cmd.getErr());
    }
    return 1;
  }

  @Override
  public void run() {
    new RunCommand(options).run();
  }
}
