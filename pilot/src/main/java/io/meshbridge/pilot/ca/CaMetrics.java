package io.meshbridge.pilot.ca;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of issued certificates and of refusals by {@link Refusal}; on Dropwizard's metrics as
 * {@code meshbridge.ca.issued} and {@code meshbridge.ca.refused.<REASON>}.
 */
public final class CaMetrics {

  private final LongAdder issued = new LongAdder();
  private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);

  public CaMetrics() {
    for (Refusal reason : Refusal.values()) {
      refused.put(reason, new LongAdder()); // filled once; read-only after, so safe to share
    }
  }

  void onIssued() {
    issued.increment();
  }

  void onRefused(Refusal reason) {
    refused.get(reason).increment();
  }

  public long issued() {
    return issued.sum();
  }

  public long refused(Refusal reason) {
    return refused.get(reason).sum();
  }

  /** Registers one gauge per counter. */
  public void register(MetricRegistry metrics) {
    metrics.register("meshbridge.ca.issued", (Gauge<Long>) this::issued);
    for (Refusal reason : Refusal.values()) {
      metrics.register(
          MetricRegistry.name("meshbridge.ca.refused", reason.name()),
          (Gauge<Long>) () -> refused(reason));
    }
  }
}
