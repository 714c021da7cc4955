package io.meshbridge.proxy.dataplane.tls;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * TLS counters, Envoy's names as Prometheus series labelled by {@code listener} (stat prefix) or
 * {@code cluster}: {@code ssl_handshake_total}, {@code ssl_handshake_error_total} (a handshake that
 * failed: bad certificate, wrong SAN, expired, another CA, not TLS), {@code
 * ssl_connection_error_total} (no TLS context: a secret missing) and, per listener, {@code
 * no_filter_chain_match_total} (plaintext to a TLS-only listener).
 */
public final class TlsStats {

  private final StatsRegistry registry;

  public TlsStats(StatsRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  public LongAdder handshakes(String kind, String name) {
    return registry.counter("ssl_handshake_total", "Successful TLS handshakes.", Map.of(kind, name));
  }

  public LongAdder handshakeErrors(String kind, String name) {
    return registry.counter(
        "ssl_handshake_error_total", "Failed TLS handshakes.", Map.of(kind, name));
  }

  public LongAdder connectionErrors(String kind, String name) {
    return registry.counter("ssl_connection_error_total",
        "Connections closed because no TLS context was available.", Map.of(kind, name));
  }

  public LongAdder noFilterChainMatch(String listener) {
    return registry.counter("no_filter_chain_match_total",
        "Connections that matched no filter chain (e.g. plaintext to STRICT).",
        Map.of("listener", listener));
  }
}
