package io.meshbridge.agent.capture;

import io.meshbridge.agent.config.CaptureConfig;
import java.util.List;

/** The agent's transparent capture rules: installed at start, removed at stop, idempotently. */
public interface Capture {

  /**
   * Installs the rules (again after a crash: never stacked).
   *
   * @throws IllegalStateException naming the command that failed and its output
   */
  void install();

  /** Removes every rule of ours; a failure is logged. Idempotent. */
  void remove();

  /**
   * The capture {@code config} asks for.
   *
   * @param prefix what runs iptables and ip, e.g. {@code []} or {@code [ip, netns, exec, ns1]}
   * @param ports the upstream ports a REDIRECT capture takes
   */
  static Capture of(List<String> prefix, CaptureConfig config, List<Integer> ports) {
    return config.mode() == CaptureConfig.Mode.TPROXY
        ? new TproxyCapture(prefix, config)
        : new IptablesCapture(prefix, config, ports);
  }
}
