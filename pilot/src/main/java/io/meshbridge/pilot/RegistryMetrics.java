package io.meshbridge.pilot;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * Per-registry gauges on Dropwizard's metrics ({@code GET /admin/metrics}), named {@code
 * meshbridge.registry.<id>.<metric>}: {@code synced} and {@code stale} (0/1), {@code
 * lastSyncEpochSeconds} (-1 before the first good sync), {@code services}, {@code endpoints},
 * {@code problems} (what the adapter cannot read now) and {@code outages} (times it went stale).
 */
final class RegistryMetrics {

  static void register(MetricRegistry metrics, Pilot pilot) {
    for (RegistryStatus initial : pilot.registryStatuses()) {
      String id = initial.id();
      gauge(metrics, pilot, id, "synced", s -> s.synced() ? 1 : 0);
      gauge(metrics, pilot, id, "stale", s -> s.stale() ? 1 : 0);
      gauge(metrics, pilot, id, "lastSyncEpochSeconds", RegistryMetrics::lastSync);
      gauge(metrics, pilot, id, "services", RegistryStatus::services);
      gauge(metrics, pilot, id, "endpoints", RegistryStatus::endpoints);
      gauge(metrics, pilot, id, "problems", s -> s.problems().size());
      gauge(metrics, pilot, id, "outages", RegistryStatus::outages);
    }
    // Istio's auto_registration_* counters, as gauges of the running totals.
    var auto = pilot.autoRegistry();
    String prefix = "meshbridge.autoregistration";
    metrics.register(prefix + ".entries", (Gauge<Long>) () -> (long) auto.entries().size());
    metrics.register(prefix + ".registrations", (Gauge<Long>) auto.metrics()::registrations);
    metrics.register(prefix + ".reconnects", (Gauge<Long>) auto.metrics()::reconnects);
    metrics.register(prefix + ".unregistrations", (Gauge<Long>) auto.metrics()::unregistrations);
    metrics.register(prefix + ".deletes", (Gauge<Long>) auto.metrics()::deletes);
    metrics.register(prefix + ".refusals", (Gauge<Long>) () ->
        auto.metrics().refusals().values().stream().mapToLong(Long::longValue).sum());
  }

  private static long lastSync(RegistryStatus s) {
    Instant t = s.lastSync();
    return t == null ? -1 : t.getEpochSecond();
  }

  private static void gauge(
      MetricRegistry metrics,
      Pilot pilot,
      String id,
      String name,
      ToLongFunction<RegistryStatus> value) {
    metrics.register(
        MetricRegistry.name("meshbridge.registry", id, name),
        (Gauge<Long>)
            () ->
                pilot.registryStatuses().stream()
                    .filter(s -> s.id().equals(id))
                    .findFirst()
                    .map(value::applyAsLong)
                    .orElse(-1L));
  }

  private RegistryMetrics() {}
}
