package io.meshbridge.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshbridge.agent.config.CaptureConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The capture rules in a network namespace the test creates (root, {@code ip} and {@code
 * iptables} needed; skipped otherwise): idempotent install, nothing left after remove, and a
 * connection to another address on a captured port lands on 127.0.0.1.
 */
class IptablesCaptureIT {

  private final String ns = "mbcap" + ProcessHandle.current().pid();
  private final List<String> inNs = List.of("ip", "netns", "exec", ns);
  private Process listener;

  @BeforeEach
  void createNamespace() throws Exception {
    assumeTrue(isRoot(), "needs root for a network namespace and iptables");
    assumeTrue(run(List.of("iptables", "--version")).code == 0, "needs iptables");
    sh("ip", "netns", "add", ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
    // A route to 10.99.0.0/24 (out of lo): 10.99.0.1 is no local address, nothing answers there.
    sh("ip", "-n", ns, "addr", "add", "10.99.0.2/24", "dev", "lo");
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    if (listener != null) {
      listener.destroyForcibly().waitFor();
    }
    if (isRoot()) {
      run(List.of("ip", "netns", "del", ns));
    }
  }

  @Test
  void installIsIdempotentAndRemoveLeavesNothing() throws Exception {
    CaptureConfig config = new CaptureConfig(List.of(2222), List.of(4242));
    IptablesCapture capture = new IptablesCapture(inNs, config, List.of(19090, 18080));
    capture.install();
    capture.install();
    new IptablesCapture(inNs, config, List.of(19090, 18080)).install(); // a restart after a crash

    List<String> rules = natRules();
    assertThat(rules).filteredOn(r -> r.equals("-A OUTPUT -p tcp -j MESHBRIDGE_OUTPUT")).hasSize(1);
    assertThat(rules).filteredOn(r -> r.startsWith("-A MESHBRIDGE_OUTPUT")).containsExactly(
        "-A MESHBRIDGE_OUTPUT -d 127.0.0.0/8 -j RETURN",
        "-A MESHBRIDGE_OUTPUT -m owner --uid-owner 4242 -j RETURN",
        "-A MESHBRIDGE_OUTPUT -p tcp -m tcp --dport 22 -j RETURN",
        "-A MESHBRIDGE_OUTPUT -p tcp -m tcp --dport 2222 -j RETURN",
        "-A MESHBRIDGE_OUTPUT -p tcp -m tcp --dport 18080 -j REDIRECT",
        "-A MESHBRIDGE_OUTPUT -p tcp -m tcp --dport 19090 -j REDIRECT");

    capture.remove();
    assertThat(natRules()).noneMatch(r -> r.contains("MESHBRIDGE"));
    capture.remove(); // idempotent
  }

  @Test
  void aConnectionToAnyAddressOnACapturedPortReachesTheLocalListener() throws Exception {
    List<String> server = new ArrayList<>(inNs);
    server.addAll(List.of("python3", "-m", "http.server", "18080", "--bind", "127.0.0.1"));
    listener = new ProcessBuilder(server).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> client = new ArrayList<>(inNs);
    client.addAll(List.of("python3", "-c", "import urllib.request;"
        + "print(urllib.request.urlopen('http://10.99.0.1:18080/', timeout=2).status)"));
    IptablesCapture capture =
        new IptablesCapture(inNs, new CaptureConfig(List.of(), List.of()), List.of(18080));

    capture.install();
    await().until(() -> run(client).output.equals("200"));

    capture.remove();
    assertThat(run(client).code).as("not captured any more: 10.99.0.1 has no listener").isNotZero();
  }

  private List<String> natRules() throws Exception {
    List<String> command = new ArrayList<>(inNs);
    command.addAll(List.of("iptables", "-t", "nat", "-S"));
    return run(command).output.lines().toList();
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
