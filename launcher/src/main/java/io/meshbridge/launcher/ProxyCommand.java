package io.meshbridge.launcher;

import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import java.nio.file.Files;
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
      description = "Envoy-style bootstrap, YAML or JSON (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/meshbridge/proxy.yaml")
  Path bootstrap;

  @Override
  public void run() {
    ProxyServer proxy = ProxyServer.start(load(bootstrap));
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "proxy-shutdown"));
    Blocking.untilShutdown();
  }

  /** Reads and validates a bootstrap; errors name the file and the field. */
  static ProxyBootstrap load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UsageError("--bootstrap: " + file + " does not exist or is not a file");
    }
    try {
      return BootstrapLoader.load(file);
    } catch (BootstrapException e) {
      throw new UsageError(e.getMessage());
    }
  }
}
