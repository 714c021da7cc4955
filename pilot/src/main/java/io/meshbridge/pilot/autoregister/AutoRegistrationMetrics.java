package io.meshbridge.pilot.autoregister;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Istio's auto-registration counters: entries created ({@code auto_registration_success_total}),
 * reconnects to an existing entry ({@code _updates_total}), last streams closed ({@code
 * _unregister_total}), entries deleted after the grace period ({@code _deletes_total}), and
 * refusals by reason ({@code _errors_total}). Thread-safe.
 */
public final class AutoRegistrationMetrics {

  private final AtomicLong registered = new AtomicLong();
  private final AtomicLong reconnected = new AtomicLong();
  private final AtomicLong unregistered = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

  void registered() {
    registered.incrementAndGet();
  }

  void reconnected() {
    reconnected.incrementAndGet();
  }

  void unregistered() {
    unregistered.incrementAndGet();
  }

  void deleted() {
    deleted.incrementAndGet();
  }

  void refused(String reason) {
    refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  public long registrations() {
    return registered.get();
  }

  public long reconnects() {
    return reconnected.get();
  }

  public long unregistrations() {
    return unregistered.get();
  }

  public long deletes() {
    return deleted.get();
  }

  /** Refusals of {@code reason}: {@code invalid_node}, {@code no_group}, {@code identity}. */
  public long refusals(String reason) {
    AtomicLong n = refused.get(reason);
    return n == null ? 0 : n.get();
  }

  /** Every refusal count by reason, sorted. */
  public Map<String, Long> refusals() {
    Map<String, Long> out = new TreeMap<>();
    refused.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
