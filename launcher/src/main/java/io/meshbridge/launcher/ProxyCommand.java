package io.meshbridge.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshbridge proxy --bootstrap proxy.yaml}: runs the data plane until stopped. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = "Run the proxy: an Envoy-style bootstrap in, traffic through (see proxy/README.md).")
final class ProxyCommand implements Runnable {

  @Option(
      names = {"-b", "--bootstrap"},
      paramLabel = "FILE",
      description = "Envoy-style bootstrap (YAML or JSON) (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/meshbridge/proxy.yaml")
  Path bootstrap;

  @Override
  public void run() {
    throw new UsageError("proxy: not wired yet");
  }
}
