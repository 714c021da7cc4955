package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import org.jspecify.annotations.Nullable;

/**
 * The local app's health as Istio's agent reports it to pilot, for a node pilot auto-registers
 * (its metadata has {@code AUTO_REGISTER_GROUP}; docs/xds.md): on every change and on every new
 * stream. Other nodes report nothing. Confined to the client's executor.
 */
final class HealthReports {

  private final boolean enabled;
  private @Nullable Boolean healthy;

  HealthReports(Node node) {
    this.enabled = node.getMetadata().containsFields("AUTO_REGISTER_GROUP");
  }

  /** Records the app's health; returns whether it is to be reported now. */
  boolean changed(boolean now) {
    if (!enabled || Boolean.valueOf(now).equals(healthy)) {
      return false;
    }
    healthy = now;
    return true;
  }

  /** Sends the last recorded health on {@code stream}, if there is one to report. */
  void reportTo(AdsStream stream) {
    Boolean now = healthy;
    if (enabled && now != null) {
      stream.sendHealth(now ? null : "the local app's health check fails");
    }
  }
}
