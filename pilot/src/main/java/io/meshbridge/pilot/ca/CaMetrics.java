package io.meshbridge.pilot.ca;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of issued certificates and of refusals by {@link Refusal}; on Dropwizard's metrics as
 * {@code meshbridge.ca.issued} and {@code meshbridge.ca.refused.<REASON>}; and of xDS streams on
 * the TLS port, {@code meshbridge.xds.authenticated} and {@code meshbridge.xds.refused.<REASON>}.
 */
public final class CaMetrics {

  private final LongAdder issued = new LongAdder();
  private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
  private final LongAdder peersAuthenticated = new LongAdder();
  private final Map<Refusal, LongAdder> peersRefused = new EnumMap<>(Refusal.class);

  public CaMetrics() {
    for (Refusal reason : Refusal.values()) {
      refused.put(reason, new LongAdder()); // filled once; read-only after, so safe to share
      peersRefused.put(reason, new LongAdder());
    }
  }

  void onPeerAuthenticated() {
    peersAuthenticated.increment();
  }

  void onPeerRefused(Refusal reason) {
    peersRefused.get(reason).increment();
  }

  /** xDS streams on the TLS port whose client certificate authenticated them. */
  public long peersAuthenticated() {
    return peersAuthenticated.sum();
  }

  /** xDS streams on the TLS port refused for {@code reason}. */
  public long peersRefused(Refusal reason) {
    return peersRefused.get(reason).sum();
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
      metrics.register(
          MetricRegistry.name("meshbridge.xds.refused", reason.name()),
          (Gauge<Long>) () -> peersRefused(reason));
    }
    metrics.register("meshbridge.xds.authenticated", (Gauge<Long>) this::peersAuthenticated);
  }
}
