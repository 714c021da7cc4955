package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.support.RegistryLifecycle;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Services and endpoints read from Netflix Eureka over its REST API, as Eureka's own clients read
 * it: a full fetch, then a delta every {@linkplain EurekaRegistryConfig#fetchInterval fetch
 * interval}, checked against the server's apps hash code, with a full fetch on a mismatch; the
 * configured servers are tried in order with failover.
 *
 * <p>Each VIP address is a service of the configured namespace; only instances whose status is
 * {@code UP} are healthy. When no server answers, the last content is published again marked stale;
 * once one answers, a full fetch. An instance that cannot be read is left out and named in the
 * snapshot's problems. See the module README for every mapping rule.
 */
public final class EurekaRegistry implements RegistryAdapter {

  private final EurekaRegistryConfig config;
  private final EurekaTransport transport;

  private final RegistryLifecycle lifecycle;
  private volatile @Nullable RegistryPoller poller;

  public EurekaRegistry(EurekaRegistryConfig config) {
    this(
        config,
        new HttpTransport(
            "eureka registry " + config.id(), config.serviceUrls(), config.requestTimeout()));
  }

  EurekaRegistry(EurekaRegistryConfig config, EurekaTransport transport) {
    this.config = requireNonNull(config, "config");
    this.transport = requireNonNull(transport, "transport");
    this.lifecycle = new RegistryLifecycle("eureka registry " + config.id());
  }

  @Override
  public String id() {
    return config.id();
  }

  public EurekaRegistryConfig config() {
    return config;
  }

  /**
   * Starts fetching on the registry's thread; the first snapshot follows the first successful full
   * fetch.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    lifecycle.start(
        "eureka-registry-" + config.id(),
        thread -> {
          RegistryPoller running =
              new RegistryPoller(config, transport, lifecycle.listenerUntilClosed(listener));
          poller = running;
          thread.scheduleWithFixedDelay(
              running::poll, 0, config.fetchInterval().toNanos(), TimeUnit.NANOSECONDS);
        });
  }

  /** Stops fetching; idempotent. A snapshot being delivered may still finish. */
  @Override
  public void close() {
    lifecycle.close(() -> {});
  }

  /** Counters for tests; zeros before {@link #start}. */
  RegistryPoller.FetchStats stats() {
    RegistryPoller running = poller;
    return running == null ? new RegistryPoller.FetchStats(0, 0, 0) : running.stats();
  }

  @Override
  public String toString() {
    return "EurekaRegistry{id=" + config.id() + ", serviceUrls=" + config.serviceUrls() + "}";
  }
}
