package io.meshbridge.registry.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a VM workload into a cluster as an EndpointSlice of its (existing) Service, labelled
 * {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by:
 * meshbridge.io/registrar} so that Kubernetes' own controller leaves it alone while kube-proxy, DNS
 * and every mesh reading slices (this module's {@link KubernetesRegistry} too) see the VM as an
 * endpoint. Its {@code conditions} follow {@link #setHealth}.
 *
 * <p>Kubernetes has no lease for slices, so the registrar keeps one on the slice itself: the
 * annotations {@code meshbridge.io/lease-renew-time} and {@code meshbridge.io/lease-duration-seconds},
 * rewritten every third of the lease duration (default {@link #DEFAULT_LEASE_DURATION}). A VM that
 * dies without deregistering leaves its slice behind, but {@link KubernetesRegistry} leaves a slice
 * whose lease ran out out of the model, so it stops getting mesh traffic one lease later.
 * (Kubernetes' own consumers, kube-proxy and DNS, do not read the lease.)
 *
 * <p>Threads: every API call runs on the registrar's thread {@code k8s-registrar}; {@link
 * #register} and {@link #deregister} wait for theirs, {@link #setHealth} does not and retries a
 * failed update with backoff (1s doubling to 30s) until it lands or is superseded.
 */
public final class KubernetesRegistrar implements WorkloadRegistrar {

  private static final Logger logger = LoggerFactory.getLogger(KubernetesRegistrar.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** How long a slice counts after its last renewal unless configured otherwise. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);

  private static final Duration MIN_LEASE_DURATION = Duration.ofSeconds(3);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final ScheduledExecutorService thread;
  private final Duration leaseDuration;
  private final Clock clock;
  private volatile boolean registered;
  private volatile boolean closed;

  // Touched only on the registrar's thread.
  private @Nullable WorkloadInstance instance;
  private @Nullable Service service;
  private HealthStatus health = HealthStatus.UNKNOWN;
  private @Nullable ScheduledFuture<?> retry;
  private @Nullable ScheduledFuture<?> renewal;
  private Duration backoff = Duration.ofSeconds(1);

  /**
   * A registrar with its own client (closed with it).
   *
   * @throws IllegalArgumentException if the kubeconfig cannot be read or has no such context
   */
  public KubernetesRegistrar(KubernetesConnection connection) {
    this(connection.newClient(), true, DEFAULT_LEASE_DURATION, Clock.systemUTC(), ownThread());
  }

  /** A registrar on {@code client}, which the caller keeps and closes. */
  public KubernetesRegistrar(KubernetesClient client) {
    this(client, DEFAULT_LEASE_DURATION);
  }

  /**
   * A registrar on {@code client} whose slice counts for {@code leaseDuration} after each renewal.
   *
   * @throws IllegalArgumentException if {@code leaseDuration} is under 3 seconds
   */
  public KubernetesRegistrar(KubernetesClient client, Duration leaseDuration) {
    this(client, false, leaseDuration, Clock.systemUTC(), ownThread());
  }

  /** For tests that simulate a crash by stopping {@code thread}. */
  KubernetesRegistrar(
      KubernetesClient client,
      boolean ownsClient,
      Duration leaseDuration,
      Clock clock,
      ScheduledExecutorService thread) {
    this.client = requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    requireNonNull(leaseDuration, "leaseDuration");
    if (leaseDuration.compareTo(MIN_LEASE_DURATION) < 0) {
      throw new IllegalArgumentException(
          "leaseDuration: " + leaseDuration + " (expected: at least " + MIN_LEASE_DURATION + ")");
    }
    this.leaseDuration = leaseDuration;
    this.clock = requireNonNull(clock, "clock");
    this.thread = requireNonNull(thread, "thread");
  }

  private static ScheduledExecutorService ownThread() {
    ScheduledThreadPoolExecutor thread =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, "k8s-registrar");
              t.setDaemon(true);
              return t;
            });
    thread.setRemoveOnCancelPolicy(true);
    return thread;
  }

  @Override
  public String describe() {
    return "kubernetes(" + client.getMasterUrl() + ")";
  }

  /**
   * Creates (or replaces) the instance's EndpointSlice, with readiness unknown until {@link
   * #setHealth}; replaces an earlier registration of another instance.
   *
   * @throws RegistrationException if the Service does not exist, the instance does not fit it, or
   *     the API server refused or could not be reached
   */
  @Override
  public void register(WorkloadInstance newInstance) {
    requireNonNull(newInstance, "instance");
    call(
        () -> {
          Service svc =
              client
                  .services()
                  .inNamespace(newInstance.service().namespace())
                  .withName(newInstance.service().name())
                  .get();
          if (svc == null) {
            throw new RegistrationException(
                "service "
                    + newInstance.service()
                    + " does not exist in "
                    + describe()
                    + " (expected: the Service to register under; create it first, without"
                    + " a selector for a VM-only service)");
          }
          EndpointSlice slice =
              leased(WorkloadSlices.build(newInstance, svc, HealthStatus.UNKNOWN));
          WorkloadInstance old = instance;
          if (old != null && !WorkloadSlices.name(old).equals(slice.getMetadata().getName())) {
            delete(old);
          }
          cancelRetry();
          client.resource(slice).createOr(NonDeletingOperation::update);
          instance = newInstance;
          service = svc;
          health = HealthStatus.UNKNOWN;
          registered = true;
          scheduleRenewal();
          logger.info(
              "{}: registered {} as endpointslice {}/{}",
              describe(),
              newInstance.instanceId(),
              newInstance.service().namespace(),
              slice.getMetadata().getName());
          return null;
        });
  }

  /**
   * Sets the slice's conditions: HEALTHY = ready; UNHEALTHY = not ready, not serving; DRAINING =
   * serving and terminating (no new requests); UNKNOWN = not said. Returns at once.
   *
   * @throws IllegalStateException if nothing is registered, or the registrar is closed
   */
  @Override
  public void setHealth(HealthStatus newHealth) {
    requireNonNull(newHealth, "health");
    if (closed || !registered) {
      throw new IllegalStateException(
          describe() + ": setHealth " + (closed ? "after close" : "before register"));
    }
    thread.execute(
        () -> {
          health = newHealth;
          backoff = Duration.ofSeconds(1);
          apply();
        });
  }

  /** Deletes the slice; idempotent. @throws RegistrationException if the API server refused. */
  @Override
  public void deregister() {
    if (closed) {
      return; // close() deregistered
    }
    call(
        () -> {
          cancelRetry();
          cancelRenewal();
          WorkloadInstance old = instance;
          if (old != null) {
            delete(old);
            logger.info("{}: deregistered {}", describe(), old.instanceId());
          }
          instance = null;
          service = null;
          registered = false;
          return null;
        });
  }

  /** Deregisters (a failure is logged), stops the thread, closes an owned client; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      deregister();
    } catch (RuntimeException e) {
      logger.warn("{}: deregistering on close failed", describe(), e);
    } finally {
      closed = true;
      thread.shutdownNow();
      if (ownsClient) {
        client.close();
      }
    }
  }

  /** Writes the slice for the current health; on failure retries later. On the thread. */
  private void apply() {
    cancelRetry();
    WorkloadInstance current = instance;
    Service svc = service;
    if (current == null || svc == null) {
      return;
    }
    try {
      client
          .resource(leased(WorkloadSlices.build(current, svc, health)))
          .createOr(NonDeletingOperation::update);
      logger.debug("{}: {} is {}", describe(), current.instanceId(), health);
    } catch (KubernetesClientException e) {
      logger.warn(
          "{}: setting {} to {} failed, retrying in {}",
          describe(),
          current.instanceId(),
          health,
          backoff,
          e);
      retry = thread.schedule(this::apply, backoff.toMillis(), TimeUnit.MILLISECONDS);
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }
  }

  private void delete(WorkloadInstance old) {
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(old.service().namespace())
        .withName(WorkloadSlices.name(old))
        .delete();
  }

  /** {@code slice} with its lease renewed now. */
  private EndpointSlice leased(EndpointSlice slice) {
    slice
        .getMetadata()
        .getAnnotations()
        .putAll(SliceLeases.annotations(clock.instant(), leaseDuration));
    return slice;
  }

  /** Rewrites the slice every third of the lease, unless a retry is already due. */
  private void scheduleRenewal() {
    cancelRenewal();
    long period = leaseDuration.toMillis() / 3;
    renewal =
        thread.scheduleWithFixedDelay(
            () -> {
              if (retry == null) {
                apply();
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
  }

  private void cancelRenewal() {
    if (renewal != null) {
      renewal.cancel(false);
      renewal = null;
    }
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }

  /** Runs {@code task} on the thread and waits; API failures become RegistrationExceptions. */
  private void call(Callable<@Nullable Void> task) {
    if (closed) {
      throw new IllegalStateException(describe() + ": closed");
    }
    try {
      thread.submit(task).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RegistrationException r) {
        throw r;
      }
      if (cause instanceof KubernetesClientException k) {
        throw new RegistrationException(describe() + ": " + k.getMessage(), k);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(describe() + ": unexpected failure", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(describe() + ": interrupted", e);
    }
  }
}
