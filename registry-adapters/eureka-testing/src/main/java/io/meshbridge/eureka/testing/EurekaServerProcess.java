package io.meshbridge.eureka.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Starts and kills one forked {@code java -jar eureka-test-server.jar} process. */
final class EurekaServerProcess {

  /**
   * Overrides where the server's runnable jar is (its {@code lib/} directory must be beside it).
   */
  static final String JAR_PROPERTY = "meshbridge.eureka.testServerJar";

  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Process process;
  private final Path log;

  private EurekaServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Forks the server on {@code 127.0.0.1:port} with {@code properties} as {@code --key=value}. */
  static EurekaServerProcess fork(int port, Map<String, String> properties, Path log) {
    Path jar = serverJar();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    try {
      Files.createDirectories(log.getParent());
      // stdin stays a pipe held by this JVM: the server exits when it reaches end of file, so it
      // never outlives the test JVM.
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new EurekaServerProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("eureka test server: cannot start " + command, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the server at once (SIGKILL: an outage, not a shutdown) and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("eureka test server: pid " + process.pid() + " survives");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("eureka test server: interrupted while stopping", e);
    }
  }

  Path log() {
    return log;
  }

  /** The last lines of the server's log, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static Path serverJar() {
    String configured = System.getProperty(JAR_PROPERTY);
    Path jar = Path.of(configured != null ? configured : builtJar()).normalize();
    if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
      throw new IllegalStateException(
          "eureka test server: "
              + jar
              + " (with lib/ beside it) does not exist (expected: built by `mvn -pl"
              + " registry-adapters/eureka-test-server package`, or named by -D"
              + JAR_PROPERTY
              + ")");
    }
    return jar;
  }

  private static String builtJar() {
    Properties built = new Properties();
    try (InputStream in =
        EurekaServerProcess.class.getResourceAsStream("eureka-test-server.properties")) {
      built.load(requireNonNull(in, "eureka-test-server.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException("eureka test server: cannot read its properties", e);
    }
    return requireNonNull(built.getProperty("jar"), "eureka-test-server.properties: jar");
  }
}
