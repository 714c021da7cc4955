package io.meshbridge.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pilot as users run it ({@code PilotApplication server pilot.yaml}: Dropwizard, the YAML
 * registry factories) in its own JVM, so that its CPU, heap and RSS are pilot's alone, with one
 * registry configured. Read through {@code GET /v1/registries}; its heap through {@code jcmd}.
 */
final class PilotServer implements AutoCloseable {

  /** One registry's status: {@code lastSyncMicros} is pilot's clock when the snapshot arrived. */
  record Status(long version, boolean synced, long lastSyncMicros, int services, int endpoints) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  private final Process process;
  private final long startedMicros;
  private final int xdsPort;
  private final URI registries;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  PilotServer(Path work, String registryYaml, List<String> jvmFlags) {
    xdsPort = freePort();
    int restPort = freePort();
    registries = URI.create("http://127.0.0.1:" + restPort + "/v1/registries");
    Path config = work.resolve("pilot.yaml");
    String yaml =
        "xds: {plaintext: true, bindAddress: 127.0.0.1, port: "
            + xdsPort
            + "}\nregistries:\n"
            + registryYaml
            + "server:\n  type: simple\n  applicationContextPath: /\n  adminContextPath: /admin\n"
            + "  connector: {type: http, bindHost: 127.0.0.1, port: "
            + restPort
            + "}\n  requestLog: {appenders: []}\nlogging:\n  level: WARN\n";
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(List.of("io.meshbridge.pilot.PilotApplication", "server", config.toString()));
    try {
      Files.writeString(config, yaml);
      startedMicros = epochMicros();
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("pilot.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting pilot: " + command, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
  }

  long pid() {
    return process.pid();
  }

  /** When the process was started, epoch µs. */
  long startedMicros() {
    return startedMicros;
  }

  int xdsPort() {
    return xdsPort;
  }

  /** The status of the only registry, or empty while pilot's REST API does not answer yet. */
  Optional<Status> status() {
    if (!process.isAlive()) {
      throw new IllegalStateException("pilot exited with " + process.exitValue() + "; see pilot.log");
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(registries).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode s = JSON.readTree(r.body()).path("registries").path(0);
      JsonNode lastSync = s.path("lastSync");
      return Optional.of(
          new Status(
              s.path("version").asLong(),
              s.path("synced").asBoolean(),
              lastSync.isTextual() ? micros(Instant.parse(lastSync.asText())) : -1,
              s.path("services").asInt(),
              s.path("endpoints").asInt()));
    } catch (IOException notYet) {
      return Optional.empty(); // refused while Jetty starts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reading pilot's status: interrupted", e);
    }
  }

  /** Pilot's used heap right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}). */
  long liveHeapBytes() {
    jcmd("GC.run");
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("jcmd GC.heap_info: no 'used' figure");
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** Runs {@code jcmd <pilot> <command words...>} and returns its output. */
  String jcmd(String command) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid()));
    line.addAll(List.of(command.split(" ")));
    String what = command;
    try {
      Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid() + " " + what + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("jcmd " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("jcmd " + what + ": interrupted", e);
    }
  }

  static long epochMicros() {
    return micros(Instant.now());
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
