package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The whole of {@code agent.yaml}, validated (see vm-agent/README.md for every key and default).
 *
 * @param stateDir state that survives a reboot: identity, last known config, status file
 * @param pilot where pilot is, and the optional identity (CA) settings
 * @param proxy the in-process proxy's node id, outbound bind address and admin address
 * @param service the local workload
 * @param healthCheck how the local app is checked; null = always healthy
 * @param registration which estate registry the workload joins
 * @param upstreams the mesh services the app calls through the outbound listeners
 * @param dns the optional local resolver; null = off
 * @param capture transparent capture of the upstream ports by iptables; null = off
 * @param drainGracePeriod how long in-flight requests may finish after SIGTERM
 */
public record AgentConfig(
    Path stateDir,
    PilotConfig pilot,
    ProxySettings proxy,
    ServiceConfig service,
    @Nullable HealthCheckConfig healthCheck,
    RegistrationConfig registration,
    List<Upstream> upstreams,
    @Nullable DnsConfig dns,
    @Nullable CaptureConfig capture,
    Duration drainGracePeriod) {

  public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/meshbridge");
  public static final Duration DEFAULT_DRAIN_GRACE_PERIOD = Duration.ofSeconds(5);

  public AgentConfig {
    requireNonNull(stateDir, "stateDir");
    requireNonNull(pilot, "pilot");
    requireNonNull(proxy, "proxy");
    requireNonNull(service, "service");
    requireNonNull(registration, "registration");
    upstreams = List.copyOf(upstreams);
    requireNonNull(drainGracePeriod, "drainGracePeriod");
  }

  /** The same config with another state directory (the {@code --state-dir} flag). */
  public AgentConfig withStateDir(Path dir) {
    return new AgentConfig(dir, pilot, proxy, service, healthCheck, registration, upstreams, dns,
        capture, drainGracePeriod);
  }
}
