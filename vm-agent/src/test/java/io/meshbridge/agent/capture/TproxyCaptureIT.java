package io.meshbridge.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshbridge.agent.config.CaptureConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TPROXY capture in a network namespace the test creates (root, {@code ip}, {@code iptables}
 * with the TPROXY target and python3 needed; skipped otherwise, naming what is missing):
 * idempotent install, nothing left after remove, a connection from another user to any address
 * and port lands on a transparent listener on 15001 with its original destination, and a local
 * server still answers a client on another host (its replies are not captured).
 */
class TproxyCaptureIT {

  private static final String LISTENER = String.join("\n",
      "import socket",
      "s = socket.socket()",
      "s.setsockopt(socket.SOL_IP, 19, 1)  # IP_TRANSPARENT",
      "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
      "s.bind(('0.0.0.0', 15001))",
      "s.listen()",
      "while True:",
      "    c, _ = s.accept()",
      "    ip, port = c.getsockname()[:2]",
      "    c.sendall(('local %s:%d' % (ip, port)).encode())",
      "    c.close()");

  private static final String AS_NOBODY =
      "os.setgroups([]); os.setgid(65534); os.setuid(65534); ";

  private final String ns = "mbtpc" + ProcessHandle.current().pid();
  private final String remoteNs = "mbtpr" + ProcessHandle.current().pid();
  private final List<String> inNs = List.of("ip", "netns", "exec", ns);
  private Process listener;

  @BeforeEach
  void createNamespace() throws Exception {
    assumeTrue(isRoot(), "needs root for a network namespace and iptables");
    assumeTrue(run(List.of("iptables", "--version")).code == 0, "needs iptables");
    assumeTrue(run(List.of("python3", "--version")).code == 0, "needs python3");
    sh("ip", "netns", "add", ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
    // A route to 10.99.0.0/24 (out of lo): 10.99.0.1 is no local address, nothing answers there.
    sh("ip", "-n", ns, "addr", "add", "10.99.0.2/24", "dev", "lo");
    String mangle = "ip netns exec " + ns + " iptables -w -t mangle ";
    Result probe = run(List.of("sh", "-c", mangle + "-N p && " + mangle
        + "-A p -p tcp -j TPROXY --on-port 1 && " + mangle + "-F p && " + mangle + "-X p"));
    assumeTrue(probe.code == 0, "needs the iptables TPROXY target (xt_TPROXY): " + probe.output);
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    if (listener != null) {
      listener.destroyForcibly().waitFor();
    }
    if (isRoot()) {
      run(List.of("ip", "netns", "del", ns));
      run(List.of("ip", "netns", "del", remoteNs));
    }
  }

  @Test
  void installIsIdempotentAndRemoveLeavesNothing() throws Exception {
    CaptureConfig config =
        new CaptureConfig(List.of(2222), List.of(4242), CaptureConfig.Mode.TPROXY);
    TproxyCapture capture = new TproxyCapture(inNs, config);
    capture.install();
    capture.install();
    new TproxyCapture(inNs, config).install(); // a restart after a crash

    List<String> rules = inNs("iptables", "-t", "mangle", "-S").lines().toList();
    assertThat(rules).filteredOn(r -> r.equals("-A OUTPUT -p tcp -j MESHBRIDGE_TPROXY_OUT"))
        .hasSize(1);
    assertThat(rules).filteredOn(r -> r.equals("-A PREROUTING -p tcp -j MESHBRIDGE_TPROXY_PRE"))
        .hasSize(1);
    assertThat(rules).filteredOn(r -> r.startsWith("-A MESHBRIDGE_TPROXY_OUT")).containsExactly(
        "-A MESHBRIDGE_TPROXY_OUT -d 127.0.0.0/8 -j RETURN",
        "-A MESHBRIDGE_TPROXY_OUT -m conntrack --ctdir REPLY -j RETURN",
        "-A MESHBRIDGE_TPROXY_OUT -m owner --uid-owner 4242 -j RETURN",
        "-A MESHBRIDGE_TPROXY_OUT -p tcp -m tcp --dport 22 -j RETURN",
        "-A MESHBRIDGE_TPROXY_OUT -p tcp -m tcp --dport 2222 -j RETURN",
        "-A MESHBRIDGE_TPROXY_OUT -p tcp -j MARK --set-xmark 0x539/0xffffffff");
    assertThat(rules).filteredOn(r -> r.startsWith("-A MESHBRIDGE_TPROXY_PRE")).containsExactly(
        "-A MESHBRIDGE_TPROXY_PRE -p tcp -m mark --mark 0x539 -j TPROXY --on-port 15001"
            + " --on-ip 0.0.0.0 --tproxy-mark 0x539/0xffffffff");
    assertThat(inNs("ip", "rule", "show").lines())
        .filteredOn(l -> l.contains("fwmark 0x539 lookup 133")).hasSize(1);
    assertThat(inNs("ip", "route", "show", "table", "133")).contains("local default dev lo");

    capture.remove();
    assertThat(inNs("iptables", "-t", "mangle", "-S")).doesNotContain("MESHBRIDGE");
    assertThat(inNs("ip", "rule", "show")).doesNotContain("0x539");
    assertThat(inNs("ip", "route", "show", "table", "133")).isEmpty();
    capture.remove(); // idempotent
  }

  @Test
  void aConnectionToAnyAddressAndPortReachesTheListenerWithItsOriginalDestination()
      throws Exception {
    List<String> server = new ArrayList<>(inNs);
    server.addAll(List.of("python3", "-c", LISTENER));
    listener = new ProcessBuilder(server).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // root runs the listener and is excluded (as the agent's own uid is); the client is nobody
    TproxyCapture capture = new TproxyCapture(
        inNs, new CaptureConfig(List.of(), List.of(0), CaptureConfig.Mode.TPROXY));

    capture.install();
    await().atMost(Duration.ofSeconds(30)).until(() -> client(8080).output.equals(
        "local 10.99.0.1:8080"));
    assertThat(client(9999).output).as("any port").isEqualTo("local 10.99.0.1:9999");

    capture.remove();
    assertThat(client(8080).code).as("not captured any more: 10.99.0.1 has no listener")
        .isNotZero();
  }

  @Test
  void aLocalServerStillAnswersAClientOnAnotherHost() throws Exception {
    String veth = "mbtpv" + ProcessHandle.current().pid();
    String peer = "mbtpw" + ProcessHandle.current().pid();
    sh("ip", "netns", "add", remoteNs);
    sh("ip", "link", "add", veth, "netns", ns, "type", "veth", "peer", "name", peer, "netns",
        remoteNs);
    sh("ip", "-n", ns, "addr", "add", "10.98.0.1/24", "dev", veth);
    sh("ip", "-n", ns, "link", "set", veth, "up");
    sh("ip", "-n", remoteNs, "addr", "add", "10.98.0.2/24", "dev", peer);
    sh("ip", "-n", remoteNs, "link", "set", peer, "up");
    // the app runs as nobody, which is not excluded: only its replies' direction keeps them out
    List<String> server = new ArrayList<>(inNs);
    server.addAll(List.of("python3", "-c", String.join("\n",
        "import os, socket",
        "s = socket.socket()",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "s.bind(('0.0.0.0', 7000))",
        "s.listen()",
        AS_NOBODY,
        "while True:",
        "    c, _ = s.accept()",
        "    c.sendall(b'app')",
        "    c.close()")));
    listener = new ProcessBuilder(server).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> client = List.of("ip", "netns", "exec", remoteNs, "python3", "-c",
        "import socket; s = socket.socket(); s.settimeout(2); s.connect(('10.98.0.1', 7000));"
            + " print(s.recv(100).decode())");
    new TproxyCapture(inNs, new CaptureConfig(List.of(), List.of(0), CaptureConfig.Mode.TPROXY))
        .install();

    await().atMost(Duration.ofSeconds(30)).until(() -> run(client).output.equals("app"));
  }

  private Result client(int port) throws Exception {
    List<String> command = new ArrayList<>(inNs);
    // python3 may live where nobody cannot read it: started as root, it drops to nobody itself
    command.addAll(List.of("python3", "-c", "import os, socket; " + AS_NOBODY
        + "s = socket.socket(); s.settimeout(2); s.connect(('10.99.0.1', " + port + "));"
        + " print(s.recv(100).decode())"));
    return run(command);
  }

  private String inNs(String... command) throws Exception {
    List<String> full = new ArrayList<>(inNs);
    full.addAll(List.of(command));
    return run(full).output;
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
