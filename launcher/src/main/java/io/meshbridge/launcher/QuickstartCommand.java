package io.meshbridge.launcher;

import picocli.CommandLine.Command;

/** {@code meshbridge quickstart}: pilot, proxy and two backends on loopback. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Run a demo mesh.")
final class QuickstartCommand implements Runnable {
  @Override
  public void run() {
    throw new UsageError("quickstart: not wired yet");
  }
}
