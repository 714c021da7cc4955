package io.meshbridge.registry.consul;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.AgentClient;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.model.State;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.agent.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one local workload with the local Consul agent ({@code PUT /v1/agent/service/register})
 * under a TTL check, and keeps the check current: {@link #setHealth} sets it at once, and a
 * heartbeat re-sends the current status every third of the TTL. The check carries {@code
 * DeregisterCriticalServiceAfter}, so when the VM dies and the heartbeats stop, the TTL expires,
 * the check goes critical and Consul removes the registration. If the agent has lost the
 * registration (it was reaped, or the agent restarted without its state), the next heartbeat
 * registers again. All calls to Consul run on the registrar's thread.
 *
 * <p>Until the first {@link #setHealth} the check is {@code warning}: not passing (no traffic from
 * a reader that wants passing instances) and not critical (not counted towards removal). {@code
 * HEALTHY} is {@code passing}, {@code UNHEALTHY} is {@code critical}, {@code DRAINING} and {@code
 * UNKNOWN} are {@code warning}.
 */
public final class ConsulRegistrar implements WorkloadRegistrar {

  private static final Logger logger = LoggerFactory.getLogger(ConsulRegistrar.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final URI address;
  private final Duration ttl;
  private final Duration deregisterAfter;
  private final Consul consul;
  private final AgentClient agent;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final Object closeLock = new Object();
  private boolean closed; // guarded by closeLock

  // Touched only on the registrar's thread.
  private @Nullable Registration registration;
  private @Nullable HealthStatus health;
  private @Nullable ScheduledFuture<?> heartbeat;
  private boolean lastHeartbeatFailed;

  ConsulRegistrar(ConsulRegistrarBuilder b) {
    this.address = b.address;
    this.ttl = b.ttl;
    this.deregisterAfter = b.deregisterAfter;
    this.consul = ConsulClients.build(b.address, b.token, b.connectTimeout);
    this.agent = consul.agentClient();
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownsExecutor = false;
    } else {
      ScheduledThreadPoolExecutor own =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread t = new Thread(task, "consul-registrar");
                t.setDaemon(true);
                return t;
              });
      own.setRemoveOnCancelPolicy(true);
      this.executor = own;
      this.ownsExecutor = true;
    }
  }

  /** A builder with every setting at its default. */
  public static ConsulRegistrarBuilder builder() {
    return new ConsulRegistrarBuilder();
  }

  /** {@code consul(<agent address>)}, e.g. {@code consul(http://127.0.0.1:8500)}. */
  @Override
  public String describe() {
    return "consul(" + address + ")";
  }

  /**
   * Registers {@code instance} with the agent, replacing an earlier registration of this registrar,
   * and starts the heartbeat.
   *
   * @throws IllegalArgumentException if the instance has more than one port (a Consul service
   *     instance has one)
   * @throws RegistrationException naming the instance if the agent refuses or cannot be reached
   */
  @Override
  public void register(WorkloadInstance instance) {
    requireNonNull(instance, "instance");
    Registration next = registration(instance);
    call(
        "registering " + next.getId(),
        () -> {
          Registration previous = registration;
          if (previous != null && !previous.getId().equals(next.getId())) {
            agent.deregister(previous.getId());
          }
          health = null;
          agent.register(withStatus(next, State.WARN));
          registration = next;
          lastHeartbeatFailed = false;
          if (heartbeat == null) {
            long every = Math.max(1, ttl.toMillis() / 3);
            heartbeat =
                executor.scheduleWithFixedDelay(
                    this::sendStatus, every, every, TimeUnit.MILLISECONDS);
          }
          return null;
        });
  }

  /** Sets the check's status from the registrar's thread, without waiting for Consul. */
  @Override
  public void setHealth(HealthStatus newHealth) {
    requireNonNull(newHealth, "health");
    try {
      executor.execute(
          () -> {
            health = newHealth;
            sendStatus();
          });
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException(describe() + ": closed", e);
    }
  }

  /**
   * Removes the registration and stops the heartbeat; does nothing if not registered.
   *
   * @throws RegistrationException if the agent cannot be reached or refuses
   */
  @Override
  public void deregister() {
    call(
        "deregistering",
        () -> {
          if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
          }
          Registration current = registration;
          if (current != null) {
            agent.deregister(current.getId());
            registration = null;
          }
          return null;
        });
  }

  /** Deregisters (a failure is logged), then releases the thread and connections; idempotent. */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      deregister();
    } catch (RuntimeException e) {
      logger.warn(
          "{}: deregistering on close failed; Consul removes the registration once its"
              + " check has been critical for {}",
          describe(),
          deregisterAfter,
          e);
    }
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    consul.destroy();
  }

  /** Runs on the registrar's thread: the heartbeat and setHealth. */
  private void sendStatus() {
    Registration current = registration;
    if (current == null) {
      return;
    }
    State state = state(health);
    try {
      try {
        agent.check(checkId(current), state, note());
      } catch (NotRegisteredException e) {
        if (!Failures.isUnknownTtlCheck(e)) {
          throw new IllegalStateException(Failures.describe(e), e);
        }
        logger.info(
            "{}: the agent no longer has {}; registering it again", describe(), current.getId());
        agent.register(withStatus(current, state));
      }
      if (lastHeartbeatFailed) {
        logger.info("{}: {} check updated again", describe(), current.getId());
      }
      lastHeartbeatFailed = false;
    } catch (RuntimeException e) {
      if (!lastHeartbeatFailed) {
        logger.warn(
            "{}: updating the check of {} failed ({}); retrying every {} ms",
            describe(),
            current.getId(),
            e.getMessage(),
            Math.max(1, ttl.toMillis() / 3));
      }
      lastHeartbeatFailed = true;
    }
  }

  private <T> void call(String what, Callable<T> task) {
    Future<T> result;
    try {
      result = executor.submit(task);
    } catch (RejectedExecutionException e) {
      throw new RegistrationException(describe() + ": " + what + ": the registrar is closed", e);
    }
    try {
      result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new RegistrationException(
          describe() + ": " + what + " failed: " + Failures.describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new RegistrationException(
          describe() + ": " + what + ": no answer in " + CALL_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(describe() + ": " + what + ": interrupted", e);
    }
  }

  private Registration registration(WorkloadInstance instance) {
    if (instance.ports().size() != 1) {
      throw new IllegalArgumentException(
          "ports: "
              + instance.ports()
              + " (expected: exactly one; a Consul service instance has one port)");
    }
    var port = instance.ports().get(0);
    String id = instance.service().name() + "-" + instance.instanceId();
    List<String> tags =
        instance.labels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .toList();
    return ImmutableRegistration.builder()
        .id(id)
        .name(instance.service().name())
        .address(instance.address())
        .port(port.number())
        .tags(tags)
        .meta(Map.of(EntryConverter.PROTOCOL_META, port.protocol().name().toLowerCase(Locale.ROOT)))
        .check(
            ImmutableRegCheck.builder()
                .id("service:" + id)
                .name("meshbridge health")
                .ttl(ttl.toSeconds() + "s")
                .deregisterCriticalServiceAfter(deregisterAfter.toSeconds() + "s")
                .notes(
                    "updated by the meshbridge agent every "
                        + Math.max(1, ttl.toMillis() / 3)
                        + "ms")
                .build())
        .build();
  }

  private static Registration withStatus(Registration r, State state) {
    Registration.RegCheck check = r.getCheck().orElseThrow();
    return ImmutableRegistration.copyOf(r)
        .withCheck(ImmutableRegCheck.copyOf(check).withStatus(state.getName()));
  }

  private static String checkId(Registration r) {
    return r.getCheck().flatMap(Registration.RegCheck::getId).orElseThrow();
  }

  private static State state(@Nullable HealthStatus health) {
    if (health == HealthStatus.HEALTHY) {
      return State.PASS;
    }
    return health == HealthStatus.UNHEALTHY ? State.FAIL : State.WARN;
  }

  private String note() {
    return "meshbridge: " + (health == null ? "health not reported yet" : health.name());
  }
}
