package io.meshbridge.launcher;

import io.meshbridge.pilot.InvalidConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code meshbridge <role> [options]}: one command for every role Meshbridge runs. */
@Command(
    name = "meshbridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "One service mesh for estates of legacy VMs and Kubernetes.",
    subcommands = {
      PilotCommand.class,
      ProxyCommand.class,
      QuickstartCommand.class,
      TokenCommand.class,
      ValidateCommand.class,
      VersionCommand.class,
    })
public final class Meshbridge implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    DnsCache.off(); // before anything resolves a name (logging does)
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The parsed command tree; errors name the flag and print the usage (exit code 2). */
  static CommandLine commandLine() {
    return new CommandLine(new Meshbridge()).setExecutionExceptionHandler(Meshbridge::onError);
  }

  /**
   * Bad input (a flag, a file, a field) is reported in one line naming it, exit code 2, as picocli
   * does for unknown flags; anything else is a failure with its cause, exit code 1.
   */
  private static int onError(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    if (e instanceof UsageError || e instanceof InvalidConfigurationException) {
      cmd.getErr().println("meshbridge " + cmd.getCommandName() + ": " + e.getMessage());
      return 2;
    }
    cmd.getErr().println("meshbridge " + cmd.getCommandName() + ": " + e.getMessage());
    e.printStackTrace(cmd.getErr());
    return 1;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a role is required: pilot, proxy, quickstart, token, validate or version");
  }
}
