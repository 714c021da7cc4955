package io.meshbridge.agent;

import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.config.Upstream;
import io.meshbridge.agent.health.HealthChecker;
import io.meshbridge.agent.proxy.AgentBootstrap;
import io.meshbridge.agent.registration.RegistrationKeeper;
import io.meshbridge.agent.registration.RegistrationState;
import io.meshbridge.agent.status.AgentStatus;
import io.meshbridge.agent.status.CertificateExpiry;
import io.meshbridge.agent.status.StatusFile;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.xds.XdsStatus;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles {@link AgentStatus} from the parts and writes the status file; on the agent's thread. */
final class StatusReporter {

  private static final Logger logger = LoggerFactory.getLogger(StatusReporter.class);

  /** The daemon's phases, as {@code status} prints them. */
  enum Phase {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final AgentConfig config;
  private final ProxyServer proxy;
  private final @Nullable HealthChecker health;
  private final @Nullable RegistrationKeeper registration;
  private final Clock clock;
  private final StatusFile file;
  private final Instant started;
  private volatile Phase phase = Phase.STARTING;

  StatusReporter(AgentConfig config, ProxyServer proxy,
      @Nullable HealthChecker health, @Nullable RegistrationKeeper registration, Clock clock) {
    this.config = config;
    this.proxy = proxy;
    this.health = health;
    this.registration = registration;
    this.clock = clock;
    this.file = new StatusFile(config.stateDir());
    this.started = clock.instant();
  }

  void phase(Phase next) {
    phase = next;
  }

  /**
   * Writes the status file now and returns what it wrote; a failure is logged (the daemon keeps
   * running) and returns null.
   */
  @Nullable AgentStatus write() {
    try {
      AgentStatus now = current();
      file.write(now);
      return now;
    } catch (UncheckedIOException | IllegalStateException e) {
      logger.warn("cannot write the status file {}", file.path(), e);
      return null;
    }
  }

  AgentStatus current() {
    boolean stopped = phase == Phase.STOPPED;
    XdsStatus xds = proxy.xdsStatus();
    AgentStatus.Health h =
        health == null
            ? new AgentStatus.Health("HEALTHY", "no health check configured", started.toString())
            : new AgentStatus.Health(health.report().status().name(), health.report().detail(),
                health.report().since().toString());
    RegistrationState r =
        registration == null
            ? new RegistrationState("none", RegistrationState.Phase.DISABLED, "", started)
            : registration.state();
    String bind = config.proxy().bindAddress();
    List<AgentStatus.Upstream> upstreams =
        config.upstreams().stream()
            .map(u -> new AgentStatus.Upstream(host(u), u.listenerName(bind),
                !stopped && proxy.dataPlane().localAddress(u.listenerName(bind)).isPresent()))
            .toList();
    return new AgentStatus(
        AgentVersion.version(),
        ProcessHandle.current().pid(),
        phase.name(),
        clock.instant().toString(),
        proxy.ready(),
        config.pilot().addresses().stream().map(Object::toString).toList(),
        !stopped && xds.connected(),
        xds.version("LDS"),
        xds.version("CDS"),
        nack(xds.lastNack()),
        h,
        new AgentStatus.Registration(r.registry(), r.phase().name(), r.message(),
            r.since().toString()),
        CertificateExpiry.of(AgentBootstrap.identityDir(config)).map(Instant::toString)
            .orElse(null),
        upstreams,
        xds.fromCache());
  }

  private static @Nullable String nack(XdsStatus.@Nullable LastNack nack) {
    return nack == null ? null
        : nack.type() + " " + nack.version() + " at " + nack.time() + ": " + nack.message();
  }

  private static String host(Upstream u) {
    return u.service().meshHostname() + ":" + u.port();
  }
}
