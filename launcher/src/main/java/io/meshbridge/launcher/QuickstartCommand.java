package io.meshbridge.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshbridge quickstart}: pilot, proxy and two backends on loopback, until Ctrl-C. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Run a whole mesh on loopback: pilot, a proxy and two sample backends.")
final class QuickstartCommand implements Runnable {

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to write the generated config (default: a new temporary directory).")
  Path dir;

  @Override
  public void run() {
    Quickstart q = Quickstart.start(workDir());
    Runtime.getRuntime().addShutdownHook(new Thread(q::close, "quickstart-shutdown"));
    PrintStream out = System.out;
    selfCheck(q, out);
    out.printf(
        """

        Meshbridge quickstart is running.
          pilot     xDS %1$s:%2$d   REST http://%1$s:%3$d/v1/services  http://%1$s:%3$d/v1/proxies
                    CA + mTLS xDS %1$s:%10$d (state in %11$s)
          proxy     %4$s:%5$d       admin http://%1$s:%6$d/config_dump  /stats/prometheus
          backends  %7$s

        Send requests through the proxy (answers alternate between the backends):
          %8$s

        Edit %9$s and the mesh follows. Ctrl-C stops everything.
        %n""",
        Quickstart.HOST,
        q.xdsPort(),
        q.restPort(),
        Quickstart.SERVICE_HOST,
        q.servicePort(),
        q.proxy().adminPort(),
        q.backends().stream().map(b -> b.name() + " " + Quickstart.HOST + ":" + b.port()).toList(),
        q.curlCommand(),
        q.registryFile(),
        q.caPort(),
        q.caDirectory());
    Blocking.untilShutdown();
  }

  /** Waits for the proxy's first config, then shows four answers through it. */
  private static void selfCheck(Quickstart q, PrintStream out) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!q.proxy().ready()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the proxy got no config from pilot within 30 s");
      }
      try {
        Thread.sleep(50); // a person is waiting, not a test: polling the readiness flag is fine
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    out.println("\nThrough the proxy:");
    for (int i = 0; i < 4; i++) {
      try {
        SimpleHttp.Response r = q.request();
        out.printf("  %d %s%n", r.status(), r.body().strip());
      } catch (IOException e) {
        out.println("  request failed: " + e.getMessage());
      }
    }
  }

  private Path workDir() {
    try {
      return dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("meshbridge-");
    } catch (IOException e) {
      throw new UsageError("--dir: cannot create " + dir + ": " + e.getMessage());
    }
  }
}
