package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Transparent capture of outbound TCP by iptables (needs root or CAP_NET_ADMIN). {@code REDIRECT}
 * (nat OUTPUT): connections from local processes to any address on an upstream's port are
 * redirected to the proxy's outbound listener on 127.0.0.1 at that port. {@code TPROXY} (mangle
 * OUTPUT and PREROUTING, a policy route): every outbound TCP connection is delivered, with its
 * original destination kept, to the proxy's virtual outbound listener on 15001 (Istio's
 * {@code INTERCEPTION_MODE: TPROXY}).
 *
 * @param excludePorts destination ports never captured (SSH's 22 is always among them)
 * @param excludeUids processes of these users are never captured (default: the agent's own, so
 *     the proxy's own upstream connections go out as they are)
 * @param mode how connections are captured
 */
public record CaptureConfig(List<Integer> excludePorts, List<Integer> excludeUids, Mode mode) {

  /** How connections are captured. */
  public enum Mode {
    REDIRECT,
    TPROXY
  }

  /** A {@code REDIRECT} capture. */
  public CaptureConfig(List<Integer> excludePorts, List<Integer> excludeUids) {
    this(excludePorts, excludeUids, Mode.REDIRECT);
  }

  public CaptureConfig {
    excludePorts = List.copyOf(excludePorts);
    excludeUids = List.copyOf(excludeUids);
    requireNonNull(mode, "mode");
  }
}
