package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Delays repeated NACKs of the same response version. java-control-plane's and go-control-plane's
 * snapshot caches answer a NACK (which carries the previous version) by resending the rejected
 * version at once, which would loop as fast as the network allows. The first NACK of a version goes
 * out at once; the next ones for that version wait a backoff. One per stream, on the executor.
 */
final class NackThrottle {

  private final BackoffPolicy policy;
  private final Map<ResourceType<?, ?>, String> nackedVersions = new HashMap<>();
  private final Map<ResourceType<?, ?>, Backoff> backoffs = new HashMap<>();

  NackThrottle(BackoffPolicy policy) {
    this.policy = requireNonNull(policy, "policy");
  }

  /** How long to hold the NACK of {@code version}: zero unless that version was NACKed before. */
  Duration delay(ResourceType<?, ?> type, String version) {
    if (!version.equals(nackedVersions.put(type, version))) {
      backoffs.put(type, new Backoff(policy));
      return Duration.ZERO;
    }
    return backoffs.get(type).next();
  }

  /** An ACK of {@code type}: its next NACK goes out at once. */
  void acked(ResourceType<?, ?> type) {
    nackedVersions.remove(type);
    backoffs.remove(type);
  }
}
