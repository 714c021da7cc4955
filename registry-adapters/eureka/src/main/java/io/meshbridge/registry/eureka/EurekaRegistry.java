package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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

  private final Object lifecycleLock = new Object();
  // Guarded by lifecycleLock; closed is volatile so that late snapshots can be dropped unlocked.
  private boolean started;
  private volatile boolean closed;
  private @Nullable ScheduledThreadPoolExecutor executor;
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
    synchronized (lifecycleLock) {
      if (closed || started) {
        throw new IllegalStateException(
            "eureka registry " + config.id() + ": already " + (closed ? "closed" : "started"));
      }
      started = true;
      ScheduledThreadPoolExecutor thread =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread t = new Thread(task, "eureka-registry-" + config.id());
                t.setDaemon(true);
                return t;
              });
      RegistryPoller running =
          new RegistryPoller(
              config,
              transport,
              snapshot -> {
                if (!closed) {
                  listener.onSnapshot(snapshot);
                }
              });
      poller = running;
      executor = thread;
      thread.scheduleWithFixedDelay(
          running::poll, 0, config.fetchInterval().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Stops fetching; idempotent. A snapshot being delivered may still finish. */
  @Override
  public void close() {
    synchronized (lifecycleLock) {
      if (closed) {
        return;
      }
      closed = true;
      if (executor != null) {
        executor.shutdownNow();
      }
    }
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
