package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's xDS side, started from its bootstrap: an {@link XdsClient} on plaintext gRPC to the
 * bootstrap's servers, state of the world or delta as its {@code ads_config.api_type} says, feeding {@code dataPlane}. The data plane and the admin server are started
 * and closed by the caller; {@link #configDumpJson()} is what the admin {@code /config_dump}
 * serves and {@link #ready()} what its readiness check reports.
 */
public final class XdsProxyRuntime implements AutoCloseable {

  private final XdsClient client;

  private XdsProxyRuntime(XdsClient client) {
    this.client = client;
  }

  /** Starts fetching from the bootstrap's xDS servers with the default backoff; returns at once. */
  public static XdsProxyRuntime start(
      ProxyBootstrap bootstrap, DataPlane dataPlane, StatsRegistry stats) {
    return start(bootstrap, dataPlane, stats,
        XdsChannelFactory.plaintext(bootstrap.xdsConnectTimeout()), BackoffPolicy.DEFAULT);
  }

  /** As {@link #start(ProxyBootstrap, DataPlane, StatsRegistry)}, with a transport and backoff. */
  public static XdsProxyRuntime start(ProxyBootstrap bootstrap, DataPlane dataPlane,
      StatsRegistry stats, XdsChannelFactory channels, BackoffPolicy backoff) {
    return start(bootstrap, dataPlane, stats, channels, backoff, null);
  }

  /** As above; first preloads {@code cached} when given (see {@link XdsClient#preload}). */
  public static XdsProxyRuntime start(ProxyBootstrap bootstrap, DataPlane dataPlane,
      StatsRegistry stats, XdsChannelFactory channels, BackoffPolicy backoff,
      @Nullable XdsSnapshot cached) {
    requireNonNull(bootstrap, "bootstrap");
    XdsClient client = new XdsClient(bootstrap.node(), bootstrap.adsApi(), bootstrap.xdsServers(),
        channels, dataPlane, stats, backoff, Clock.systemUTC());
    if (cached != null) {
      client.preload(cached);
    }
    client.start();
    return new XdsProxyRuntime(client);
  }

  /** See {@link XdsClient#ready()}. */
  public boolean ready() {
    return client.ready();
  }

  /** See {@link XdsClient#status()}. */
  public XdsStatus status() {
    return client.status();
  }

  /** See {@link XdsClient#snapshot()}. */
  public Optional<XdsSnapshot> snapshot() {
    return client.snapshot();
  }

  /** See {@link XdsClient#setInboundHealthy(boolean)}. */
  public void setInboundHealthy(boolean healthy) {
    client.setInboundHealthy(healthy);
  }

  /** See {@link XdsClient#configDumpJson()}. */
  public String configDumpJson() {
    return client.configDumpJson();
  }

  /** Stops the xDS client; the data plane keeps serving its last config. */
  @Override
  public void close() {
    client.close();
  }
}
