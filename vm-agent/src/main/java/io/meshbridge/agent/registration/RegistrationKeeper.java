package io.meshbridge.agent.registration;

import static java.util.Objects.requireNonNull;

import io.meshbridge.agent.registration.RegistrationState.Phase;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link WorkloadRegistrar} from the local health: registers after the first passing
 * check (never before: a workload that never passed is never announced), then reports every
 * change; deregisters on {@link #close}. A failed registration leaves nothing behind (the
 * registrar is told to deregister) and is retried every {@code retryInterval}; meanwhile the
 * phase is {@link Phase#DEGRADED} with the reason. Registry calls block, so they run on the
 * keeper's own thread, which owns its state.
 */
public final class RegistrationKeeper implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(RegistrationKeeper.class);

  private final WorkloadRegistrar registrar;
  private final WorkloadInstance instance;
  private final Duration retryInterval;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "registration");
            t.setDaemon(true);
            return t;
          });

  // Confined to `thread`.
  private HealthStatus health = HealthStatus.UNKNOWN;
  private boolean passedOnce;
  private boolean registered;
  private boolean closed;
  private @Nullable ScheduledFuture<?> retry;

  private volatile RegistrationState state;

  public RegistrationKeeper(
      WorkloadRegistrar registrar, WorkloadInstance instance, Duration retryInterval, Clock clock) {
    this.registrar = requireNonNull(registrar, "registrar");
    this.instance = requireNonNull(instance, "instance");
    this.retryInterval = requireNonNull(retryInterval, "retryInterval");
    this.clock = requireNonNull(clock, "clock");
    this.state = new RegistrationState(registrar.describe(), Phase.WAITING_FOR_HEALTH, "",
        clock.instant());
  }

  /** Where the registration stands. */
  public RegistrationState state() {
    return state;
  }

  /** The local health changed; returns at once. */
  public void health(HealthStatus status) {
    requireNonNull(status, "status");
    thread.execute(() -> onHealth(status));
  }

  private void onHealth(HealthStatus status) {
    if (closed) {
      return;
    }
    health = status;
    if (status == HealthStatus.HEALTHY) {
      passedOnce = true;
    }
    if (registered) {
      try {
        registrar.setHealth(status);
      } catch (RuntimeException e) {
        logger.warn("{}: reporting {} failed", registrar.describe(), status, e);
      }
    } else if (passedOnce && retry == null) {
      register();
    }
  }

  private void register() {
    retry = null;
    if (closed || registered) {
      return;
    }
    try {
      registrar.register(instance);
      registrar.setHealth(health);
      registered = true;
      setState(Phase.REGISTERED, "");
      logger.info("registered {}/{} in {}", instance.service(), instance.instanceId(),
          registrar.describe());
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      setState(Phase.DEGRADED, reason);
      logger.warn("registering in {} failed ({}); serving unregistered, retrying every {} s",
          registrar.describe(), reason, retryInterval.toSeconds());
      undo();
      retry = thread.schedule(this::register, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** After a failed registration: whatever the registry may have taken goes again. */
  private void undo() {
    try {
      registrar.deregister();
    } catch (RuntimeException e) {
      logger.debug("{}: deregistering after a failed registration failed too",
          registrar.describe(), e);
    }
  }

  /** Deregisters and releases the registrar; waits for it (bounded by the registrar's timeouts). */
  @Override
  public void close() {
    try {
      thread.submit(this::shutdown).get();
    } catch (java.util.concurrent.ExecutionException e) {
      logger.warn("{}: deregistering failed", registrar.describe(), e.getCause());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return; // already closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ((ExecutorService) thread).shutdownNow();
    }
  }

  private void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    if (retry != null) {
      retry.cancel(false);
    }
    try {
      registrar.deregister();
      setState(Phase.DEREGISTERED, "");
      logger.info("deregistered {}/{} from {}", instance.service(), instance.instanceId(),
          registrar.describe());
    } finally {
      registrar.close();
    }
  }

  private void setState(Phase phase, String message) {
    state = new RegistrationState(registrar.describe(), phase, message, clock.instant());
  }
}
