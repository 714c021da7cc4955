package io.meshbridge.agent.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs iptables and ip for {@link TproxyCapture}; blocking, never on an event loop. */
final class Commands {

  private static final Logger logger = LoggerFactory.getLogger(Commands.class);

  /** A command's exit code and output. */
  record Result(int code, String output) {}

  private final List<String> prefix;

  Commands(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  /** Runs {@code command} (after the prefix); 127 if it cannot be run, 124 on a 30 s timeout. */
  Result run(List<String> command) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, output);
      }
      return new Result(p.exitValue(), output);
    } catch (IOException e) {
      logger.warn("cannot run {}: {}", String.join(" ", full), e.getMessage());
      return new Result(127, String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "interrupted");
    }
  }

  /** Runs {@code command}; a failure throws, naming it and its output. */
  void check(List<String> command) {
    Result r = run(command);
    if (r.code() != 0) {
      throw new IllegalStateException("capture: " + String.join(" ", command) + " failed (exit "
          + r.code() + ": " + r.output() + "; expected: root or CAP_NET_ADMIN, iptables with the"
          + " TPROXY target (xt_TPROXY) and iproute2 installed)");
    }
  }
}
