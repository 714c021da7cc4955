package io.meshbridge.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.stats.StatsRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The admin endpoints, as plain functions of the proxy's state. {@link #render} may be slow (it
 * builds the config dump or the stats text), so it runs off the event loop.
 */
final class AdminEndpoints {

  static final String INDEX =
      "Meshbridge proxy admin\n"
          + "  /ready             LIVE once the proxy has its initial config and the local app is healthy (else 503)\n"
          + "  /config_dump       the applied config as JSON\n"
          + "  /stats/prometheus  counters and gauges in Prometheus text format\n";

  private final StatsRegistry stats;
  private final Supplier<String> configDumpJson;
  private final BooleanSupplier ready;

  AdminEndpoints(StatsRegistry stats, Supplier<String> configDumpJson, BooleanSupplier ready) {
    this.stats = requireNonNull(stats, "stats");
    this.configDumpJson = requireNonNull(configDumpJson, "configDumpJson");
    this.ready = requireNonNull(ready, "ready");
  }

  /** The endpoint serving {@code path}, or null for an unknown path. */
  static @Nullable Endpoint find(String path) {
    return switch (path) {
      case "/" -> Endpoint.INDEX;
      case "/ready" -> Endpoint.READY;
      case "/config_dump" -> Endpoint.CONFIG_DUMP;
      case "/stats/prometheus" -> Endpoint.PROMETHEUS;
      default -> null;
    };
  }

  AdminResponse render(Endpoint endpoint) {
    return switch (endpoint) {
      case INDEX -> AdminResponse.text(HttpResponseStatus.OK, INDEX);
      case READY ->
          ready.getAsBoolean()
              ? AdminResponse.text(HttpResponseStatus.OK, "LIVE")
              : AdminResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "PRE_INITIALIZING");
      case CONFIG_DUMP ->
          new AdminResponse(HttpResponseStatus.OK, AdminResponse.JSON, configDumpJson.get());
      case PROMETHEUS ->
          new AdminResponse(
              HttpResponseStatus.OK, AdminResponse.PROMETHEUS, stats.prometheusText());
    };
  }

  enum Endpoint {
    INDEX,
    READY,
    CONFIG_DUMP,
    PROMETHEUS
  }
}
