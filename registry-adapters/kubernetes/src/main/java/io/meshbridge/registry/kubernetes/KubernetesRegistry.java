package io.meshbridge.registry.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.support.RegistryLifecycle;
import io.meshbridge.model.support.SnapshotSequencer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services and endpoints of one Kubernetes cluster, watched with fabric8 informers (Services,
 * discovery.k8s.io/v1 EndpointSlices, Pods, Nodes) and published as complete snapshots. See the
 * module README for how each Kubernetes field maps to the model.
 *
 * <p>Threads: fabric8's informer threads hand every event to this registry's one thread, {@code
 * k8s-registry-<id>}, which owns all state, maps, and calls the listener.
 */
public final class KubernetesRegistry implements RegistryAdapter {

  /** The label on every endpoint naming the cluster it runs in (the configured cluster id). */
  public static final String CLUSTER_LABEL = "meshbridge.io/cluster";

  /** The label naming an endpoint's Kubernetes service account, when it is a Pod that has one. */
  public static final String SERVICE_ACCOUNT_LABEL = "meshbridge.io/service-account";

  private static final Logger logger = LoggerFactory.getLogger(KubernetesRegistry.class);

  private final KubernetesRegistryConfig config;
  private final ClusterSource source;
  private final @Nullable KubernetesClient ownedClient;
  private final LongSupplier nanoTime;

  private final RegistryLifecycle lifecycle;

  // Touched only on the registry's thread.
  private boolean flushQueued;

  /**
   * A registry with its own client, built from {@code config.connection()} (closed with the
   * registry).
   *
   * @throws IllegalArgumentException if the kubeconfig cannot be read or has no such context
   */
  public KubernetesRegistry(KubernetesRegistryConfig config) {
    this(config, config.connection().newClient(), true);
  }

  /** A registry on {@code client}, which the caller keeps and closes; the connection is unused. */
  public KubernetesRegistry(KubernetesRegistryConfig config, KubernetesClient client) {
    this(config, client, false);
  }

  private KubernetesRegistry(
      KubernetesRegistryConfig config, KubernetesClient client, boolean own) {
    this(config, new InformerSource(client, config), own ? client : null, System::nanoTime);
  }

  KubernetesRegistry(
      KubernetesRegistryConfig config,
      ClusterSource source,
      @Nullable KubernetesClient ownedClient,
      LongSupplier nanoTime) {
    this.config = requireNonNull(config, "config");
    this.source = requireNonNull(source, "source");
    this.ownedClient = ownedClient;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.lifecycle = new RegistryLifecycle("kubernetes registry " + config.id());
  }

  @Override
  public String id() {
    return config.id();
  }

  public KubernetesRegistryConfig config() {
    return config;
  }

  /**
   * Starts the informers and returns; the first snapshot follows once every watch has listed.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    lifecycle.start("k8s-registry-" + id(), thread -> {
      ClusterSync sync =
          new ClusterSync(
              MappingSettings.of(config),
              source.watches(),
              config.staleAfter(),
              nanoTime,
              Clock.systemUTC(),
              new SnapshotSequencer(
                  "kubernetes registry " + id(), id(), lifecycle.listenerUntilClosed(listener)));
      try {
        source.start(new Sink(lifecycle.executorUntilClosed(thread), sync));
      } catch (RuntimeException e) {
        source.close();
        throw e;
      }
      long check = checkInterval(config.staleAfter()).toNanos();
      thread.scheduleWithFixedDelay(
          () -> guarded(() -> sync.checkWatches(source.notWatching())),
          check,
          check,
          TimeUnit.NANOSECONDS);
      logger.info(
          "kubernetes registry {}: watching {} ({}, cluster {})",
          id(),
          config.allNamespaces() ? "all namespaces" : "namespaces " + config.namespaces(),
          ownedClient != null ? config.connection() : "a given client",
          config.clusterId());
    });
  }

  /** Stops the informers and the registry's thread, and closes an owned client; idempotent. */
  @Override
  public void close() {
    lifecycle.close(() -> {
      try {
        source.close();
      } finally {
        if (ownedClient != null) {
          ownedClient.close();
        }
      }
    });
  }

  @Override
  public String toString() {
    return "KubernetesRegistry{id=" + id() + ", cluster=" + config.clusterId() + "}";
  }

  /** A quarter of staleAfter, between 5ms and 1s: often enough to notice an outage in time. */
  static Duration checkInterval(Duration staleAfter) {
    Duration quarter = staleAfter.dividedBy(4);
    Duration min = Duration.ofMillis(5);
    Duration max = Duration.ofSeconds(1);
    return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      logger.error("kubernetes registry {}: processing failed", id(), e);
    }
  }

  /** Moves informer events onto the registry's thread, then maps once per burst. */
  private final class Sink implements ClusterSource.Sink {
    private final Executor thread;
    private final ClusterSync sync;

    /** @param thread the registry's thread, dropping work once the registry is closed */
    Sink(Executor thread, ClusterSync sync) {
      this.thread = thread;
      this.sync = sync;
    }

    @Override
    public void upsert(HasMetadata object) {
      post(() -> sync.upsert(object));
    }

    @Override
    public void delete(HasMetadata object) {
      post(() -> sync.delete(object));
    }

    @Override
    public void listed(String watch) {
      post(() -> sync.listed(watch));
    }

    @Override
    public void unavailable(String watch, String reason) {
      post(() -> sync.unavailable(watch, reason));
    }

    private void post(Runnable event) {
      thread.execute(
          () -> {
            guarded(event);
            if (!flushQueued) {
              flushQueued = true;
              thread.execute(
                  () -> {
                    flushQueued = false;
                    guarded(sync::flush);
                  });
            }
          });
    }
  }
}
