package io.meshbridge.agent.config;

import java.util.List;

/**
 * Transparent capture of outbound TCP by iptables (nat OUTPUT; needs root or CAP_NET_ADMIN):
 * connections from local processes to any address on an upstream's port are redirected to the
 * proxy's outbound listener on 127.0.0.1 at that port.
 *
 * @param excludePorts destination ports never captured (SSH's 22 is always among them)
 * @param excludeUids processes of these users are never captured (default: the agent's own, so
 *     the proxy's own upstream connections go out as they are)
 */
public record CaptureConfig(List<Integer> excludePorts, List<Integer> excludeUids) {

  public CaptureConfig {
    excludePorts = List.copyOf(excludePorts);
    excludeUids = List.copyOf(excludeUids);
  }
}
