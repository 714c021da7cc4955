package io.meshbridge.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one local workload in ZooKeeper as an EPHEMERAL node in the configured layout (see
 * {@link RegistrationNode}), kept by Curator's {@link PersistentNode}: re-created after a session
 * expiry or a deletion by someone else, deleted on {@link #deregister} and {@link #close}, and gone
 * with the session if this process dies.
 *
 * <p>ZooKeeper has no health field, so health is presence: HEALTHY and UNKNOWN keep the node,
 * UNHEALTHY and DRAINING delete it until the workload is HEALTHY again.
 *
 * <p>Every call runs on the registrar's one thread, {@code zookeeper-registrar-<id>}, which owns
 * its state; the caller waits for it.
 */
public final class ZooKeeperRegistrar implements WorkloadRegistrar {

  private static final Logger logger = LoggerFactory.getLogger(ZooKeeperRegistrar.class);

  private final ZooKeeperConfig config;
  private final Clock clock;
  private final CuratorFramework client;
  private final ExecutorService thread;
  private final java.util.concurrent.atomic.AtomicBoolean closing =
      new java.util.concurrent.atomic.AtomicBoolean();

  // Touched only on `thread`.
  private @Nullable RegistrationNode registration;
  private HealthStatus health = HealthStatus.UNKNOWN;
  private @Nullable PersistentNode node;
  private boolean closed;

  /** Connects in the background; {@link #register} waits for the connection. */
  public ZooKeeperRegistrar(ZooKeeperConfig config) {
    this(config, Clock.systemUTC());
  }

  ZooKeeperRegistrar(ZooKeeperConfig config, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    this.thread = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "zookeeper-registrar-" + config.id());
      t.setDaemon(true);
      return t;
    });
    this.client = Clients.newClient(config);
    client.start();
  }

  /** The Curator client, for tests that expire its session. */
  CuratorFramework curator() {
    return client;
  }

  @Override
  public String describe() {
    return "zookeeper(" + config.id() + ": " + config.connectString() + config.basePath() + ", "
        + config.layout() + " layout)";
  }

  /** The znode path of the current registration, or null when there is none. */
  public @Nullable String registeredPath() {
    return call(() -> registration == null ? null : registration.path());
  }

  /**
   * Registers {@code instance}, replacing any earlier registration, and returns once the node
   * exists (unless the last health reported keeps it away).
   *
   * @throws RegistrationException if the instance does not fit the layout (naming the field), or
   *     if ZooKeeper did not take the node within the connection timeout
   */
  @Override
  public void register(WorkloadInstance instance) {
    requireNonNull(instance, "instance");
    run(() -> {
      checkOpen();
      RegistrationNode wanted =
          RegistrationNode.of(config.layout(), config.basePath(), instance, clock);
      removeNode();
      registration = wanted;
      health = HealthStatus.UNKNOWN;
      putNode(wanted);
    });
  }

  @Override
  public void setHealth(HealthStatus newHealth) {
    requireNonNull(newHealth, "health");
    run(() -> {
      checkOpen();
      health = newHealth;
      RegistrationNode wanted = registration;
      if (wanted == null) {
        return; // applied when something is registered
      }
      if (present(newHealth) && node == null) {
        putNode(wanted);
      } else if (!present(newHealth) && node != null) {
        removeNode();
      }
    });
  }

  @Override
  public void deregister() {
    run(() -> {
      removeNode();
      registration = null;
    });
  }

  /** Deregisters, disconnects and stops the registrar's thread; idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      run(() -> {
        if (!closed) {
          closed = true;
          removeNode();
          registration = null;
        }
      });
    } finally {
      client.close();
      thread.shutdown();
    }
  }

  private void putNode(RegistrationNode wanted) throws InterruptedException {
    if (!present(health)) {
      return;
    }
    PersistentNode created =
        new PersistentNode(client, CreateMode.EPHEMERAL, false, wanted.path(), wanted.data());
    created.start();
    long timeoutMs = config.connectionTimeout().toMillis();
    if (!created.waitForInitialCreate(timeoutMs, TimeUnit.MILLISECONDS)) {
      closeQuietly(created);
      throw new RegistrationException(describe() + ": node " + wanted.path()
          + " was not created within the connection timeout (" + config.connectionTimeout() + ")");
    }
    node = created;
    logger.info("{}: registered {}", describe(), wanted.path());
  }

  private void removeNode() {
    PersistentNode current = node;
    if (current != null) {
      node = null;
      closeQuietly(current);
      logger.info("{}: removed {}", describe(), registration == null ? "" : registration.path());
    }
  }

  private void closeQuietly(PersistentNode persistentNode) {
    try {
      persistentNode.close(); // deletes the node, retrying in the background if disconnected
    } catch (IOException e) {
      logger.warn("{}: deleting {} failed; it goes with the session", describe(),
          registration == null ? "" : registration.path(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(describe() + ": closed");
    }
  }

  private static boolean present(HealthStatus health) {
    return health == HealthStatus.HEALTHY || health == HealthStatus.UNKNOWN;
  }

  private interface Action {
    void run() throws Exception;
  }

  private void run(Action action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  private <T> T call(Callable<T> task) {
    try {
      return thread.submit(task).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new RegistrationException(describe() + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(describe() + ": interrupted", e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IllegalStateException(describe() + ": closed", e);
    }
  }
}
