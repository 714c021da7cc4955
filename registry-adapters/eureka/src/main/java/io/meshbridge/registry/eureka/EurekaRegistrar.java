package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import io.meshbridge.registry.eureka.EurekaTransport.Request;
import io.meshbridge.registry.eureka.EurekaTransport.Response;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one workload into Eureka as Eureka's own clients do: {@code POST apps/<APP>} with
 * status {@code STARTING}, {@code PUT apps/<APP>/<id>} every renewal interval (registering again
 * when Eureka answers 404, e.g. after it restarted or evicted the instance), {@code PUT
 * apps/<APP>/<id>/status?value=...} for health, {@code DELETE apps/<APP>/<id>} to leave. If the VM
 * dies, Eureka evicts the instance once its lease expires.
 *
 * <p>Every request runs on the registrar's one thread, which owns its state; {@link #register} and
 * {@link #deregister} wait for theirs, {@link #setHealth} does not (a failed status update is
 * retried with the next renewal).
 */
public final class EurekaRegistrar implements WorkloadRegistrar {

  private static final Logger logger = LoggerFactory.getLogger(EurekaRegistrar.class);

  private final EurekaRegistrarConfig config;
  private final EurekaTransport transport;
  private final ScheduledExecutorService executor;

  // Confined to the executor's thread.
  private @Nullable WorkloadInstance instance;
  private String status = "STARTING";
  private boolean statusPending;
  private @Nullable ScheduledFuture<?> renewals;

  public EurekaRegistrar(EurekaRegistrarConfig config) {
    this(
        config,
        new HttpTransport("eureka registrar", config.serviceUrls(), config.requestTimeout()),
        daemonThread());
  }

  EurekaRegistrar(
      EurekaRegistrarConfig config, EurekaTransport transport, ScheduledExecutorService executor) {
    this.config = requireNonNull(config, "config");
    this.transport = requireNonNull(transport, "transport");
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public String describe() {
    return "eureka("
        + String.join(",", config.serviceUrls().stream().map(Object::toString).toList())
        + ")";
  }

  /**
   * Registers {@code workload} with status {@code STARTING}, which Eureka does not serve, until
   * {@link #setHealth}; then renews its lease every renewal interval.
   *
   * @throws IllegalArgumentException naming the field, if Eureka cannot hold the instance
   * @throws RegistrationException if no server accepted it
   * @throws IllegalStateException if another instance is registered
   */
  @Override
  public void register(WorkloadInstance workload) {
    requireNonNull(workload, "workload");
    call(
        () -> {
          WorkloadInstance current = instance;
          if (current != null && !current.equals(workload)) {
            throw new IllegalStateException(
                describe()
                    + ": "
                    + InstancePayload.appName(current)
                    + "/"
                    + current.instanceId()
                    + " is registered; deregister it first");
          }
          status = "STARTING";
          statusPending = false;
          post(workload);
          instance = workload;
          if (renewals == null) {
            long every = config.renewalInterval().toNanos();
            renewals =
                executor.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.NANOSECONDS);
          }
          return null;
        });
  }

  /**
   * Sets the instance's Eureka status: HEALTHY is {@code UP}, UNHEALTHY {@code DOWN}, DRAINING
   * {@code OUT_OF_SERVICE}, UNKNOWN {@code UNKNOWN}. Returns at once; the update is retried with
   * the next renewal if no server takes it.
   *
   * @throws IllegalStateException if nothing is registered
   */
  @Override
  public void setHealth(HealthStatus health) {
    requireNonNull(health, "health");
    String next =
        switch (health) {
          case HEALTHY -> "UP";
          case UNHEALTHY -> "DOWN";
          case DRAINING -> "OUT_OF_SERVICE";
          case UNKNOWN -> "UNKNOWN";
        };
    call(
        () -> {
          if (instance == null) {
            throw new IllegalStateException(describe() + ": setHealth before register");
          }
          status = next;
          statusPending = true;
          executor.execute(this::pushStatus);
          return null;
        });
  }

  /**
   * Stops renewing and removes the instance from Eureka; does nothing if nothing is registered.
   *
   * @throws RegistrationException if no server took the removal (the lease then expires)
   */
  @Override
  public void deregister() {
    call(
        () -> {
          WorkloadInstance current = instance;
          if (current == null) {
            return null;
          }
          instance = null;
          ScheduledFuture<?> scheduled = renewals;
          renewals = null;
          if (scheduled != null) {
            scheduled.cancel(false);
          }
          Response response = send(new Request("DELETE", path(current), null), current);
          if (response.status() != 200 && response.status() != 404) {
            throw new RegistrationException(
                describe()
                    + ": DELETE "
                    + path(current)
                    + ": HTTP "
                    + response.status()
                    + " "
                    + response.body());
          }
          return null;
        });
  }

  /** Deregisters (logging a failure: the lease expires anyway) and stops the thread. */
  @Override
  public void close() {
    if (executor.isShutdown()) {
      return;
    }
    try {
      deregister();
    } catch (RuntimeException e) {
      logger.warn("{}: deregistering on close failed; Eureka expires the lease", describe(), e);
    } finally {
      executor.shutdownNow();
    }
  }

  private void renew() {
    WorkloadInstance current = instance;
    if (current == null) {
      return;
    }
    try {
      Response response = transport.send(new Request("PUT", path(current), null));
      if (response.status() == 404) {
        logger.info(
            "{}: {} unknown to {} at renewal; registering again",
            describe(),
            path(current),
            response.server());
        post(current);
      } else if (response.status() != 200) {
        logger.warn(
            "{}: renewing {}: HTTP {} {}",
            describe(),
            path(current),
            response.status(),
            response.body());
      } else if (statusPending) {
        pushStatus();
      }
    } catch (RegistrationException | EurekaUnavailableException e) {
      logger.warn(
          "{}: renewing {} failed, retrying in {}: {}",
          describe(),
          path(current),
          config.renewalInterval(),
          e.getMessage());
    } catch (RuntimeException e) {
      logger.warn(
          "{}: renewing {} failed; retrying in {}",
          describe(),
          path(current),
          config.renewalInterval(),
          e);
    }
  }

  private void pushStatus() {
    WorkloadInstance current = instance;
    if (current == null || !statusPending) {
      return;
    }
    String update = path(current) + "/status?value=" + status;
    try {
      Response response = transport.send(new Request("PUT", update, null));
      if (response.status() == 200) {
        statusPending = false;
      } else if (response.status() == 404) {
        post(current); // registers with the new status
      } else {
        logger.warn(
            "{}: PUT {}: HTTP {} {}; retrying with the next renewal",
            describe(),
            update,
            response.status(),
            response.body());
      }
    } catch (RegistrationException | EurekaUnavailableException e) {
      logger.warn(
          "{}: PUT {} failed, retrying with the next renewal: {}",
          describe(),
          update,
          e.getMessage());
    } catch (RuntimeException e) {
      logger.warn("{}: PUT {} failed; retrying with the next renewal", describe(), update, e);
    }
  }

  /** Registers {@code workload} with the current status. */
  private void post(WorkloadInstance workload) {
    String app = InstancePayload.appName(workload);
    String body = InstancePayload.json(workload, status, config);
    Response response =
        send(new Request("POST", "apps/" + ServiceUrls.segment(app), body), workload);
    if (response.status() != 204 && response.status() != 200) {
      throw new RegistrationException(
          describe()
              + ": POST apps/"
              + app
              + " for instance "
              + workload.instanceId()
              + ": HTTP "
              + response.status()
              + " "
              + response.body());
    }
    statusPending = false;
    logger.info(
        "{}: registered {} with status {} at {}",
        describe(),
        path(workload),
        status,
        response.server());
  }

  private Response send(Request request, WorkloadInstance workload) {
    try {
      return transport.send(request);
    } catch (EurekaUnavailableException e) {
      throw new RegistrationException(
          describe()
              + ": "
              + InstancePayload.appName(workload)
              + "/"
              + workload.instanceId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String path(WorkloadInstance workload) {
    return "apps/"
        + ServiceUrls.segment(InstancePayload.appName(workload))
        + "/"
        + ServiceUrls.segment(workload.instanceId());
  }

  /** Runs {@code task} on the registrar's thread and waits for it. */
  private void call(Callable<@Nullable Void> task) {
    try {
      executor.submit(task).get();
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException(describe() + ": closed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(describe() + ": interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(describe() + ": unexpected failure", e.getCause());
    }
  }

  private static ScheduledExecutorService daemonThread() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "eureka-registrar");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
