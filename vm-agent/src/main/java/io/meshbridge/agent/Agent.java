package io.meshbridge.agent;

import static java.util.Objects.requireNonNull;

import io.meshbridge.agent.capture.Capture;
import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.dns.MeshDnsServer;
import io.meshbridge.agent.health.HealthChecker;
import io.meshbridge.agent.health.Prober;
import io.meshbridge.agent.proxy.AgentBootstrap;
import io.meshbridge.agent.proxy.LastConfig;
import io.meshbridge.agent.registration.RegistrationKeeper;
import io.meshbridge.agent.registration.Registrars;
import io.meshbridge.agent.status.AgentStatus;
import io.meshbridge.agent.systemd.SystemdNotifier;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import io.meshbridge.proxy.dataplane.DataPlaneOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the proxy in-process, the health checker, the registration, the optional
 * DNS resolver, and the systemd conversation. {@link #start} returns once everything is started
 * (before pilot answers); READY=1 goes to systemd when the proxy holds its first config. {@link
 * #close} is the SIGTERM path: STOPPING=1, deregister, remove the capture rules, stop accepting
 * and drain, done.
 */
public final class Agent implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(Agent.class);
  static final Duration READY_POLL = Duration.ofMillis(100);
  static final Duration STATUS_EVERY = Duration.ofSeconds(2);

  private final AgentConfig config;
  private final SystemdNotifier systemd;
  private final ProxyServer proxy;
  private final @Nullable RegistrationKeeper registration;
  private final @Nullable HealthChecker health;
  private final @Nullable MeshDnsServer dns;
  private final StatusReporter status;
  private final @Nullable LastConfig lastConfig;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The agent's own thread: readiness, watchdog pings, the status file. */
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "agent");
            t.setDaemon(true);
            return t;
          });

  // Confined to `thread`.
  private boolean readySent;
  private String lastSummary = "";

  private Agent(AgentConfig config, SystemdNotifier systemd, ProxyServer proxy,
      @Nullable RegistrationKeeper registration, @Nullable HealthChecker health,
      @Nullable MeshDnsServer dns, StatusReporter status, @Nullable LastConfig lastConfig) {
    this.config = config;
    this.systemd = systemd;
    this.proxy = proxy;
    this.registration = registration;
    this.health = health;
    this.dns = dns;
    this.status = status;
    this.lastConfig = lastConfig;
  }

  /**
   * Starts everything; reads {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} from {@code env}.
   *
   * @throws IllegalStateException if the state directory, the proxy's admin port or the DNS
   *     address cannot be had (what was started is stopped again)
   */
  public static Agent start(AgentConfig config, Map<String, String> env, Clock clock) {
    requireNonNull(config, "config");
    createStateDirs(config);
    ProxyBootstrap bootstrap = writeBootstrap(config);
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      SystemdNotifier systemd = add(started, SystemdNotifier.fromEnvironment(env));
      LastConfig lastConfig = config.proxy().bootFromLastConfig()
          ? new LastConfig(config.stateDir()) : null;
      ProxyServer proxy = add(started, ProxyServer.start(
          bootstrap, DataPlaneOptions.DEFAULTS.withDrainTimeout(config.drainGracePeriod()),
          lastConfig == null ? null : lastConfig.read()));
      RegistrationKeeper registration =
          Registrars.of(config.registration(), config.service().key().namespace())
              .map(r -> new RegistrationKeeper(r, Registrars.instance(config),
                  config.registration().retryInterval(), clock))
              .orElse(null);
      if (registration != null) {
        add(started, registration);
      }
      HealthChecker health =
          config.healthCheck() == null
              ? null
              : new HealthChecker(config.healthCheck(), Prober.of(config.healthCheck().probe()),
                  report -> onHealth(proxy, registration, report.status()), clock);
      if (config.capture() != null) {
        Capture capture = Capture.of(List.of(), config.capture(),
            config.upstreams().stream().map(u -> u.port()).toList());
        capture.install();
        started.push(capture::remove);
      }
      MeshDnsServer dns = config.dns() == null
          ? null
          : add(started, MeshDnsServer.start(config.dns(), config.proxy().bindAddress()));
      StatusReporter status =
          new StatusReporter(config, proxy, health, registration, clock);
      Agent agent =
          new Agent(config, systemd, proxy, registration, health, dns, status, lastConfig);
      agent.begin(SystemdNotifier.watchdogInterval(env));
      return agent;
    } catch (RuntimeException e) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T add(Deque<AutoCloseable> started, T resource) {
    started.push(resource);
    return resource;
  }

  private void begin(Optional<Duration> watchdog) {
    if (health != null) {
      health.start();
    } else {
      onHealth(proxy, registration, HealthStatus.HEALTHY); // no check configured: healthy
    }
    thread.scheduleWithFixedDelay(this::pollReady, 0, READY_POLL.toMillis(), TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(this::report, 0,
        STATUS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    watchdog.ifPresent(every -> {
      logger.info("systemd watchdog on: WATCHDOG=1 every {} ms", every.toMillis());
      thread.scheduleAtFixedRate(() -> systemd.send("WATCHDOG=1"), 0, every.toMillis(),
          TimeUnit.MILLISECONDS);
    });
    logger.info("meshbridge-agent {} started for {} (pilot {}, registration {})",
        AgentVersion.version(), config.service().key(), config.pilot().addresses(),
        registration == null ? "none" : registration.state().registry());
  }

  /**
   * The app's health goes to the registration and to the proxy's inbound endpoints (UNHEALTHY
   * there = 503 UH and /ready 503; UNKNOWN, before the first verdict, serves as EDS's UNKNOWN).
   */
  private static void onHealth(
      ProxyServer proxy, @Nullable RegistrationKeeper registration, HealthStatus status) {
    proxy.setInboundHealthy(status != HealthStatus.UNHEALTHY);
    if (registration != null) {
      registration.health(status);
    }
  }

  /** Writes the status file; tells systemd a one-line summary when it changed. */
  private void report() {
    AgentStatus now = status.write();
    if (now == null) {
      return;
    }
    String summary = "health " + now.health().status() + ", registration "
        + now.registration().phase() + ", pilot "
        + (now.pilotConnected() ? "connected" : "not connected");
    if (!summary.equals(lastSummary)) {
      lastSummary = summary;
      systemd.send("STATUS=" + summary);
    }
  }

  private void pollReady() {
    if (!readySent && proxy.ready()) {
      readySent = true;
      status.phase(StatusReporter.Phase.RUNNING);
      status.write();
      String from = proxy.xdsStatus().fromCache() ? "the cached last config" : "pilot";
      systemd.send("READY=1\nSTATUS=proxy holds its first config from " + from);
      logger.info("proxy holds its first config (from {}); READY=1", from);
    }
    if (lastConfig != null) {
      lastConfig.update(proxy);
    }
  }

  /** Whether READY=1 was sent (the proxy holds its first config). */
  public boolean ready() {
    return proxy.ready();
  }

  /** What {@code status.json} would say now. */
  public AgentStatus status() {
    return status.current();
  }

  /** The proxy, e.g. to ask where a listener is bound. */
  public ProxyServer proxy() {
    return proxy;
  }

  /** The DNS resolver's bound UDP port, when one runs. */
  public Optional<MeshDnsServer> dns() {
    return Optional.ofNullable(dns);
  }

  /** STOPPING=1, deregister, stop the resolver, stop accepting and drain, write the status. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    logger.info("stopping: deregistering, then draining for up to {} ms",
        config.drainGracePeriod().toMillis());
    systemd.send("STOPPING=1");
    status.phase(StatusReporter.Phase.STOPPING);
    status.write();
    if (health != null) {
      health.close();
    }
    if (registration != null) {
      registration.close();
    }
    if (dns != null) {
      dns.close();
    }
    if (config.capture() != null) {
      Capture.of(List.of(), config.capture(),
          config.upstreams().stream().map(u -> u.port()).toList()).remove();
    }
    proxy.close();
    thread.shutdownNow();
    status.phase(StatusReporter.Phase.STOPPED);
    status.write();
    systemd.close();
    logger.info("stopped");
  }

  private static void createStateDirs(AgentConfig config) {
    try {
      Files.createDirectories(config.stateDir());
      if (config.pilot().identity() != null) {
        Files.createDirectories(AgentBootstrap.identityDir(config));
      }
    } catch (IOException e) {
      throw new IllegalStateException("stateDir: cannot create " + config.stateDir() + ": " + e, e);
    }
  }

  /** Writes {@code <stateDir>/bootstrap.json} (for inspection) and loads it as the proxy would. */
  private static ProxyBootstrap writeBootstrap(AgentConfig config) {
    String json = AgentBootstrap.json(AgentBootstrap.of(config));
    Path file = config.stateDir().resolve("bootstrap.json");
    try {
      Path tmp = config.stateDir().resolve(".bootstrap.json.tmp");
      Files.writeString(tmp, json);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return BootstrapLoader.parse(file.toString(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } catch (BootstrapException e) {
      throw new IllegalStateException("the generated bootstrap is invalid: " + e.getMessage(), e);
    }
  }
}
