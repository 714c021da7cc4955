package io.meshbridge.proxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real TPROXY in a network namespace the test creates (root, {@code ip}, {@code iptables} with
 * the mangle table's TPROXY target, python3; skipped otherwise, the reason naming the command and
 * its output). A client at 10.1.1.1 connects to 10.9.9.9 ports 8080, 9090 and 7070; mangle
 * rules mark those connections and TPROXY delivers them to the proxy's transparent listeners
 * (15001 HTTP, 15002 TCP, 15003 virtual with {@code use_original_dst}); the proxy (its own JVM in
 * the namespace, {@link TransparentProxyMain}) sends them on to their original destination through
 * the ORIGINAL_DST cluster, where Python backends answer with the peer they saw.
 */
class TproxyNamespaceIT {

  private static final String DST = "10.9.9.9";

  private final String ns = "mbtp" + ProcessHandle.current().pid();
  private final List<String> inNs = List.of("ip", "netns", "exec", ns);
  private final List<Process> processes = new ArrayList<>();
  private Path scripts;
  private @Nullable Process proxy;

  @BeforeEach
  void createNamespace() throws Exception {
    assumeTrue(isRoot(), "needs root for a network namespace, iptables and IP_TRANSPARENT");
    assumeTrue(Epoll.isAvailable(), "needs the epoll transport: " + Epoll.unavailabilityCause());
    assumeTrue(run(List.of("iptables", "--version")).code == 0, "needs iptables");
    assumeTrue(run(List.of("python3", "--version")).code == 0, "needs python3");
    scripts = Path.of(getClass().getResource("/tproxy/backend.py").toURI()).getParent();
    sh("ip", "netns", "add", ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
    sh("ip", "-n", ns, "addr", "add", DST + "/32", "dev", "lo");
    sh("ip", "-n", ns, "addr", "add", "10.1.1.1/32", "dev", "lo");
    // The client's connections (from 10.1.1.1) are marked on the way out; the proxy's own
    // upstream connections (from 10.9.9.9) are not, so they reach the backends.
    tproxy("iptables", "-t", "mangle", "-A", "OUTPUT", "-p", "tcp", "-s", "10.1.1.1", "-d", DST,
        "-j", "MARK", "--set-mark", "1");
    for (int[] rule : new int[][] {{8080, 15001}, {9090, 15002}, {7070, 15003}}) {
      tproxy("iptables", "-t", "mangle", "-A", "PREROUTING", "-p", "tcp", "-m", "mark", "--mark",
          "1", "--dport", String.valueOf(rule[0]), "-j", "TPROXY", "--on-port",
          String.valueOf(rule[1]), "--tproxy-mark", "1");
    }
    tproxy("ip", "rule", "add", "fwmark", "1", "lookup", "100");
    tproxy("ip", "route", "add", "local", "0.0.0.0/0", "dev", "lo", "table", "100");
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    for (Process p : processes) {
      p.getOutputStream().close(); // the proxy ends when its stdin closes; the backends do not
      if (p != proxy) {
        p.destroyForcibly();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    if (isRoot()) {
      run(List.of("ip", "netns", "del", ns));
    }
  }

  @Test
  void capturedConnectionsReachTheirOriginalDestinationThroughTheProxy() throws Exception {
    backend(8080);
    backend(9090);
    startProxy();

    assertThat(client("http", DST, 8080, "/orders"))
        .as("HTTP: the backend sees the proxy (10.9.9.9), not the client (10.1.1.1)")
        .isEqualTo("200\nbackend 8080 from " + DST + " /orders");
    assertThat(client("tcp", DST, 9090, "/raw"))
        .as("tcp_proxy to the ORIGINAL_DST cluster")
        .startsWith("HTTP/1.0 200").endsWith("backend 9090 from " + DST + " /raw");
    assertThat(client("http", DST, 7070, "/handed"))
        .as("use_original_dst: handed to listener 0.0.0.0_7070, which routes to the backend")
        .isEqualTo("200\nbackend 8080 from " + DST + " /handed");
    assertThat(client("http", "10.1.1.1", 15001, "/"))
        .as("not captured: no original destination")
        .isEqualTo("503\nno original destination for cluster 'pt' (expected: a connection"
            + " captured by a transparent listener)");
  }

  private void backend(int port) throws Exception {
    List<String> command = new ArrayList<>(inNs);
    command.addAll(List.of("python3", scripts.resolve("backend.py").toString(), DST,
        String.valueOf(port)));
    processes.add(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    List<String> probe = new ArrayList<>(inNs);
    probe.addAll(List.of("python3", "-c",
        "import socket; socket.create_connection(('" + DST + "', " + port + "), 1)"));
    await().atMost(Duration.ofSeconds(30)).until(() -> run(probe).code == 0);
  }

  private void startProxy() throws Exception {
    List<String> command = new ArrayList<>(inNs);
    command.addAll(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"),
        TransparentProxyMain.class.getName(), "15001", "15002", "15003", "7070", DST, "8080"));
    File log = new File("target/tproxy-proxy.log");
    Process started = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
    proxy = started;
    processes.add(started);
    BufferedReader out = new BufferedReader(
        new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
    String status = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("ready") || line.startsWith("errors:")) {
            return line;
          }
          System.out.println("proxy: " + line); // its log
        }
        return "exited";
      } catch (IOException e) {
        return e.toString();
      }
    }).get(120, TimeUnit.SECONDS);
    assertThat(status).as("the proxy's status line (its stderr: " + log + ")")
        .isEqualTo("ready epoll");
    CompletableFuture.runAsync(() -> out.lines().forEach(l -> System.out.println("proxy: " + l)));
  }

  private String client(String mode, String host, int port, String path) throws Exception {
    List<String> command = new ArrayList<>(inNs);
    command.addAll(List.of("python3", scripts.resolve("client.py").toString(), mode, host,
        String.valueOf(port), path));
    Result r = run(command);
    assertThat(r.code).as(String.join(" ", command) + ": " + r.output).isZero();
    return r.output;
  }

  /** A command of the TPROXY setup: where it fails, the test is skipped with its output. */
  private void tproxy(String... command) throws Exception {
    List<String> full = new ArrayList<>(inNs);
    full.addAll(List.of(command));
    Result r = run(full);
    assumeTrue(r.code == 0, "TPROXY unavailable here: " + String.join(" ", command) + " exited "
        + r.code + ": " + r.output);
  }

  private static boolean isRoot() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.startsWith("Uid:") && l.substring(4).trim().startsWith("0"));
  }

  private static void sh(String... command) throws Exception {
    Result r = run(List.of(command));
    assertThat(r.code).as(String.join(" ", command) + ": " + r.output).isZero();
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(124, out);
    }
    return new Result(p.exitValue(), out);
  }
}
