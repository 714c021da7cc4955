package io.meshbridge.agent.capture;

import static java.util.Objects.requireNonNull;

import io.meshbridge.agent.config.CaptureConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and removes the capture rules, idempotently: the agent's own nat chain {@value #CHAIN}
 * is created or flushed and refilled, and the one jump to it from {@code OUTPUT} is added only if
 * absent, so a restart after a crash never stacks rules. Only {@code OUTPUT} is touched: traffic
 * of local processes; forwarded traffic (Docker bridges, routed packets) never passes there.
 * Blocking (runs iptables); called at start and stop, never on an event loop.
 */
public final class IptablesCapture implements Capture {

  public static final String CHAIN = "MESHBRIDGE_OUTPUT";
  private static final Logger logger = LoggerFactory.getLogger(IptablesCapture.class);
  private static final List<String> JUMP = List.of("OUTPUT", "-p", "tcp", "-j", CHAIN);

  private final List<String> prefix;
  private final CaptureConfig config;
  private final SortedSet<Integer> ports;

  /**
   * @param prefix what runs iptables, e.g. {@code []} or {@code [ip, netns, exec, ns1]} in tests
   * @param ports the upstream ports to capture
   */
  public IptablesCapture(List<String> prefix, CaptureConfig config, List<Integer> ports) {
    this.prefix = List.copyOf(prefix);
    this.config = requireNonNull(config, "config");
    this.ports = new TreeSet<>(ports);
  }

  /** The rules of {@value #CHAIN}, in order (iptables arguments after {@code -A CHAIN}). */
  List<List<String>> rules() {
    List<List<String>> rules = new ArrayList<>();
    rules.add(List.of("-d", "127.0.0.0/8", "-j", "RETURN"));
    for (int uid : config.excludeUids()) {
      rules.add(List.of("-m", "owner", "--uid-owner", Integer.toString(uid), "-j", "RETURN"));
    }
    SortedSet<Integer> excluded = new TreeSet<>(config.excludePorts());
    excluded.add(22);
    for (int port : excluded) {
      rules.add(List.of("-p", "tcp", "--dport", Integer.toString(port), "-j", "RETURN"));
    }
    for (int port : ports) {
      rules.add(List.of("-p", "tcp", "--dport", Integer.toString(port), "-j", "REDIRECT"));
    }
    return rules;
  }

  /**
   * Creates (or flushes) the chain, fills it, and jumps to it from OUTPUT once.
   *
   * @throws IllegalStateException naming the iptables command that failed and its output
   */
  @Override
  public void install() {
    if (run(List.of("-t", "nat", "-N", CHAIN)) != 0) {
      check(List.of("-t", "nat", "-F", CHAIN)); // it exists: a restart, maybe after a crash
    }
    for (List<String> rule : rules()) {
      List<String> args = new ArrayList<>(List.of("-t", "nat", "-A", CHAIN));
      args.addAll(rule);
      check(args);
    }
    if (run(with("-C")) != 0) {
      check(with("-A"));
    }
    logger.info("transparent capture on: tcp ports {} -> 127.0.0.1 (excluded ports {} and 22,"
        + " uids {})", ports, config.excludePorts(), config.excludeUids());
  }

  /** Removes the jump(s) and the chain; a failure is logged. Idempotent. */
  @Override
  public void remove() {
    int guard = 0;
    while (run(with("-C")) == 0 && guard++ < 100) {
      run(with("-D"));
    }
    run(List.of("-t", "nat", "-F", CHAIN));
    run(List.of("-t", "nat", "-X", CHAIN));
    logger.info("transparent capture removed");
  }

  private List<String> with(String op) {
    List<String> args = new ArrayList<>(List.of("-t", "nat", op));
    args.addAll(JUMP);
    return args;
  }

  private void check(List<String> args) {
    if (run(args) != 0) {
      throw new IllegalStateException("capture: iptables " + String.join(" ", args) + " failed"
          + " (expected: root or CAP_NET_ADMIN, and iptables installed)");
    }
  }

  /** Runs {@code iptables -w args}; returns the exit code (127 if it cannot be run). */
  private int run(List<String> args) {
    List<String> command = new ArrayList<>(prefix);
    command.add("iptables");
    command.add("-w");
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return 124;
      }
      if (p.exitValue() != 0 && !args.contains("-C") && !args.contains("-N")) {
        logger.warn("{}: exit {}: {}", String.join(" ", command), p.exitValue(), output);
      }
      return p.exitValue();
    } catch (IOException e) {
      logger.warn("cannot run {}: {}", String.join(" ", command), e.getMessage());
      return 127;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}
