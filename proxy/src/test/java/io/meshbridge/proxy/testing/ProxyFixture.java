package io.meshbridge.proxy.testing;

import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.dataplane.DataPlaneOptions;
import io.meshbridge.proxy.dataplane.NettyDataPlane;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/** A real {@link NettyDataPlane} for integration tests. */
public final class ProxyFixture implements AutoCloseable {

  public final StatsRegistry stats = new StatsRegistry();
  public final NettyDataPlane proxy;

  public ProxyFixture(DataPlaneOptions options) {
    proxy = new NettyDataPlane(stats, options);
  }

  /** A proxy whose clusters read time from {@code ticker} (outlier detection). */
  public ProxyFixture(DataPlaneOptions options, LongSupplier ticker) {
    proxy = new NettyDataPlane(stats, options, ticker);
  }

  public ProxyFixture() {
    this(DataPlaneOptions.DEFAULTS.withWorkerThreads(2));
  }

  /** Applies {@code config} and returns the listener errors. */
  public Map<String, String> apply(ProxyConfig config) {
    try {
      return proxy.apply(config).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("apply failed", e);
    }
  }

  /** The bound port of listener {@code name}. */
  public int port(String name) {
    return proxy
        .localAddress(name)
        .orElseThrow(() -> new AssertionError(name + " not bound"))
        .getPort();
  }

  public String stats() {
    return stats.prometheusText();
  }

  @Override
  public void close() {
    proxy.close();
  }
}
