package io.meshbridge.proxy.xds;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The xDS client's stats, looked up once. */
final class XdsStats {

  private final Map<ResourceType<?, ?>, LongAdder> successes = new HashMap<>();
  private final Map<ResourceType<?, ?>, LongAdder> rejections = new HashMap<>();
  private final LongAdder reconnects;

  XdsStats(StatsRegistry registry, LongSupplier connected, LongSupplier apiListeners) {
    for (ResourceType<?, ?> type : ResourceType.ALL) {
      Map<String, String> labels = Map.of("type", type.label());
      successes.put(type, registry.counter("xds_update_success_total",
          "xDS responses accepted whole (ACKed).", labels));
      rejections.put(type, registry.counter("xds_update_rejected_total",
          "xDS responses with at least one rejected resource (NACKed).", labels));
    }
    reconnects = registry.counter("xds_reconnects_total",
        "ADS streams opened after the first (reconnects and failovers).", Map.of());
    registry.gauge("xds_connected",
        "1 while an ADS stream is open on a connected channel, else 0.", Map.of(), connected);
    registry.gauge("xds_api_listeners", "Accepted listeners with an api_listener (for proxyless "
        + "gRPC clients), which this proxy does not bind.", Map.of(), apiListeners);
  }

  void accepted(ResourceType<?, ?> type) {
    successes.get(type).increment();
  }

  void rejected(ResourceType<?, ?> type) {
    rejections.get(type).increment();
  }

  void reconnected() {
    reconnects.increment();
  }
}
