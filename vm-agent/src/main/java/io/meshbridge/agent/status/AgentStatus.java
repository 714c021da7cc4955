package io.meshbridge.agent.status;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code <stateDir>/status.json} holds (times are ISO-8601 UTC strings).
 *
 * @param agentVersion the agent's version
 * @param pid the daemon's process id
 * @param phase STARTING, RUNNING (READY sent), STOPPING or STOPPED
 * @param updatedAt when this was written (the daemon rewrites it every few seconds)
 * @param proxyReady whether the proxy holds its first complete config
 * @param pilotAddresses the configured pilot addresses
 * @param pilotConnected whether an ADS stream is open (the proxy's {@code xds_connected})
 * @param listenersVersion the accepted LDS version, empty before the first
 * @param clustersVersion the accepted CDS version, empty before the first
 * @param lastNack the proxy's most recent NACK ({@code <type> <version> at <time>: <reason>}), or
 *     null when it rejected nothing
 * @param health the local app's health: status, detail, since
 * @param registration registry, phase, message, since
 * @param certificateExpiry the workload certificate's notAfter, or null when none is on disk
 * @param upstreams each configured upstream and whether its outbound listener is bound
 * @param configCached the proxy serves the cached last config ({@code <stateDir>/last-config}) and
 *     pilot has sent nothing since
 */
public record AgentStatus(
    String agentVersion,
    long pid,
    String phase,
    String updatedAt,
    boolean proxyReady,
    List<String> pilotAddresses,
    boolean pilotConnected,
    String listenersVersion,
    String clustersVersion,
    @Nullable String lastNack,
    Health health,
    Registration registration,
    @Nullable String certificateExpiry,
    List<Upstream> upstreams,
    boolean configCached) {

  public AgentStatus {
    requireNonNull(agentVersion, "agentVersion");
    requireNonNull(phase, "phase");
    requireNonNull(updatedAt, "updatedAt");
    pilotAddresses = List.copyOf(pilotAddresses);
    requireNonNull(listenersVersion, "listenersVersion");
    requireNonNull(clustersVersion, "clustersVersion");
    requireNonNull(health, "health");
    requireNonNull(registration, "registration");
    upstreams = List.copyOf(upstreams);
  }

  /** The local health check's view. */
  public record Health(String status, String detail, String since) {}

  /** The registration's view. */
  public record Registration(String registry, String phase, String message, String since) {}

  /** One upstream: {@code name.namespace.mesh:port} and the listener that serves it. */
  public record Upstream(String host, String listener, boolean bound) {}
}
