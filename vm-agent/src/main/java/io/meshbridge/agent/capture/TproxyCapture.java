package io.meshbridge.agent.capture;

import static java.util.Objects.requireNonNull;

import io.meshbridge.agent.config.CaptureConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TPROXY capture (Istio's {@code INTERCEPTION_MODE: TPROXY}) of every outbound TCP connection of
 * local processes, whatever its destination: the mangle chain {@value #OUT} (jumped to from
 * OUTPUT) marks them with {@value #MARK}, a policy route ({@code ip rule fwmark} → table
 * {@value #TABLE}, {@code local 0.0.0.0/0 dev lo}) turns them back in, and the mangle chain
 * {@value #PRE} (from PREROUTING) hands the marked ones to the proxy's transparent listener on
 * {@value #PORT}, their original destination kept as the socket's local address. Loopback
 * destinations, SSH, the excluded ports and users (by default the agent's own, whose proxy makes
 * the upstream connections) are left alone, and so are packets in a connection's reply direction
 * (a local server answering another host). Idempotent as {@link IptablesCapture}: the chains are
 * created or flushed, jumps and the rule added only when absent.
 */
public final class TproxyCapture implements Capture {

  public static final String OUT = "MESHBRIDGE_TPROXY_OUT";
  public static final String PRE = "MESHBRIDGE_TPROXY_PRE";
  /** Istio's TPROXY mark. */
  public static final int MARK = 1337;
  public static final int TABLE = 133;
  /** Pilot's virtualOutbound listener for TPROXY nodes. */
  public static final int PORT = 15001;

  private static final Logger logger = LoggerFactory.getLogger(TproxyCapture.class);
  private static final List<String> RULE =
      List.of("rule", "add", "fwmark", String.valueOf(MARK), "lookup", String.valueOf(TABLE));

  private final Commands commands;
  private final CaptureConfig config;

  public TproxyCapture(List<String> prefix, CaptureConfig config) {
    this.commands = new Commands(prefix);
    this.config = requireNonNull(config, "config");
  }

  /** The rules of {@value #OUT}, in order (iptables arguments after {@code -A OUT}). */
  List<List<String>> outRules() {
    List<List<String>> rules = new ArrayList<>();
    rules.add(List.of("-d", "127.0.0.0/8", "-j", "RETURN"));
    // A local server's replies (to an inbound connection, e.g. SSH) pass through mangle OUTPUT
    // too; marked, they would be diverted to the listener and the connection would hang.
    rules.add(List.of("-m", "conntrack", "--ctdir", "REPLY", "-j", "RETURN"));
    for (int uid : config.excludeUids()) {
      rules.add(List.of("-m", "owner", "--uid-owner", Integer.toString(uid), "-j", "RETURN"));
    }
    SortedSet<Integer> excluded = new TreeSet<>(config.excludePorts());
    excluded.add(22);
    for (int port : excluded) {
      rules.add(List.of("-p", "tcp", "--dport", Integer.toString(port), "-j", "RETURN"));
    }
    rules.add(List.of("-p", "tcp", "-j", "MARK", "--set-mark", String.valueOf(MARK)));
    return rules;
  }

  /** The rule of {@value #PRE}. */
  static List<String> preRule() {
    return List.of("-p", "tcp", "-m", "mark", "--mark", String.valueOf(MARK), "-j", "TPROXY",
        "--on-port", String.valueOf(PORT), "--tproxy-mark", String.valueOf(MARK));
  }

  @Override
  public void install() {
    chain(OUT, outRules());
    chain(PRE, List.of(preRule()));
    jump("OUTPUT", OUT);
    jump("PREROUTING", PRE);
    if (!commands.run(List.of("ip", "rule", "show")).output()
        .contains("fwmark 0x" + Integer.toHexString(MARK) + " lookup " + TABLE)) {
      commands.check(withIp(RULE));
    }
    commands.check(List.of("ip", "route", "replace", "local", "0.0.0.0/0", "dev", "lo", "table",
        String.valueOf(TABLE)));
    logger.info("transparent capture on (TPROXY): outbound tcp -> :{} by original destination"
        + " (excluded ports {} and 22, uids {})", PORT, config.excludePorts(),
        config.excludeUids());
  }

  @Override
  public void remove() {
    for (String[] jump : new String[][] {{"OUTPUT", OUT}, {"PREROUTING", PRE}}) {
      int guard = 0;
      while (commands.run(jump("-C", jump[0], jump[1])).code() == 0 && guard++ < 100) {
        commands.run(jump("-D", jump[0], jump[1]));
      }
    }
    for (String chain : List.of(OUT, PRE)) {
      commands.run(List.of("iptables", "-w", "-t", "mangle", "-F", chain));
      Commands.Result deleted =
          commands.run(List.of("iptables", "-w", "-t", "mangle", "-X", chain));
      if (deleted.code() != 0
          && commands.run(List.of("iptables", "-w", "-t", "mangle", "-S", chain)).code() == 0) {
        logger.warn("capture: mangle chain {} not removed (exit {}: {})", chain, deleted.code(),
            deleted.output());
      }
    }
    List<String> delete = new ArrayList<>(withIp(RULE));
    delete.set(2, "del");
    int guard = 0;
    while (commands.run(delete).code() == 0 && guard++ < 100) {
      // every copy of the rule
    }
    commands.run(List.of("ip", "route", "flush", "table", String.valueOf(TABLE)));
    logger.info("transparent capture (TPROXY) removed");
  }

  private void chain(String chain, List<List<String>> rules) {
    if (commands.run(List.of("iptables", "-w", "-t", "mangle", "-N", chain)).code() != 0) {
      commands.check(List.of("iptables", "-w", "-t", "mangle", "-F", chain)); // it exists
    }
    for (List<String> rule : rules) {
      List<String> args = new ArrayList<>(List.of("iptables", "-w", "-t", "mangle", "-A", chain));
      args.addAll(rule);
      commands.check(args);
    }
  }

  private void jump(String from, String chain) {
    if (commands.run(jump("-C", from, chain)).code() != 0) {
      commands.check(jump("-A", from, chain));
    }
  }

  private static List<String> jump(String op, String from, String chain) {
    return List.of("iptables", "-w", "-t", "mangle", op, from, "-p", "tcp", "-j", chain);
  }

  private static List<String> withIp(List<String> args) {
    List<String> full = new ArrayList<>(List.of("ip"));
    full.addAll(args);
    return full;
  }
}
