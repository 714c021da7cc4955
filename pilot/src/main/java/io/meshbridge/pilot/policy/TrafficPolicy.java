package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Istio's {@code TrafficPolicy} (of a DestinationRule or of one of its subsets), the accepted
 * part. A null part means "not set here".
 *
 * @param portLevelSettings per service port; always empty in a merged policy
 * @param tls {@code tls}: how to connect to the endpoints, or null
 */
public record TrafficPolicy(
    @Nullable LoadBalancer loadBalancer,
    @Nullable ConnectionPool connectionPool,
    @Nullable OutlierDetection outlierDetection,
    List<PortPolicy> portLevelSettings,
    @Nullable ClientTls tls) {

  public static final TrafficPolicy NONE = new TrafficPolicy(null, null, null, List.of());

  /** A policy without {@code tls}. */
  public TrafficPolicy(
      @Nullable LoadBalancer loadBalancer,
      @Nullable ConnectionPool connectionPool,
      @Nullable OutlierDetection outlierDetection,
      List<PortPolicy> portLevelSettings) {
    this(loadBalancer, connectionPool, outlierDetection, portLevelSettings, null);
  }

  /** {@code loadBalancer.simple}. */
  public enum Simple {
    ROUND_ROBIN,
    LEAST_REQUEST,
    RANDOM,
    /** To the caller's original destination address: an {@code ORIGINAL_DST} cluster. */
    PASSTHROUGH
  }

  /**
   * {@code loadBalancer}: {@code simple} or {@code consistentHash} (at most one), and {@code
   * localityLbSetting}.
   */
  public record LoadBalancer(
      @Nullable Simple simple,
      @Nullable ConsistentHash consistentHash,
      @Nullable LocalitySetting locality) {
    public LoadBalancer(@Nullable Simple simple, @Nullable ConsistentHash consistentHash) {
      this(simple, consistentHash, null);
    }
  }

  /**
   * {@code localityLbSetting}, the accepted part.
   *
   * @param failover region to region: where traffic of a proxy in {@code from} goes next
   * @param distribute {@code distribute[]} in the order written (the first whose {@code from}
   *     matches the proxy's locality applies)
   * @param failoverPriority {@code failoverPriority}: label names, or {@code name=value} overrides
   */
  public record LocalitySetting(
      boolean enabled,
      Map<String, String> failover,
      List<Distribute> distribute,
      List<String> failoverPriority) {
    public LocalitySetting {
      failover = Map.copyOf(failover);
      distribute = List.copyOf(distribute);
      failoverPriority = List.copyOf(failoverPriority);
    }

    public LocalitySetting(boolean enabled, Map<String, String> failover) {
      this(enabled, failover, List.of(), List.of());
    }
  }

  /**
   * One {@code localityLbSetting.distribute} entry.
   *
   * @param from a locality {@code region/zone/subzone}, {@code *} allowed as its last segment
   * @param to locality (same syntax) to weight (1..100, adding up to 100), in the order written
   */
  public record Distribute(String from, Map<String, Integer> to) {
    public Distribute {
      requireNonNull(from, "from");
      to = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(to));
    }
  }

  /** {@code localityLbSetting} unless absent or {@code enabled: false} (then it does nothing). */
  public @Nullable LocalitySetting enabledLocality() {
    LocalitySetting setting = loadBalancer == null ? null : loadBalancer.locality();
    return setting != null && setting.enabled() ? setting : null;
  }

  /**
   * Whether endpoints get priorities by the proxy's locality (Istio's locality failover): only with
   * {@code outlierDetection}, unless {@code localityLbSetting.enabled} is false.
   */
  public boolean localityFailover() {
    LocalitySetting setting = loadBalancer == null ? null : loadBalancer.locality();
    return outlierDetection != null && (setting == null || setting.enabled());
  }

  /** {@code localityLbSetting.failover} as region to region, or empty. */
  public Map<String, String> failover() {
    LocalitySetting setting = loadBalancer == null ? null : loadBalancer.locality();
    return setting == null ? Map.of() : setting.failover();
  }

  /** What a consistent hash is computed from. */
  public enum HashKey {
    HEADER,
    COOKIE,
    SOURCE_IP,
    QUERY_PARAMETER
  }

  /**
   * {@code loadBalancer.consistentHash}.
   *
   * @param name the header, cookie or query parameter name; {@code ""} for SOURCE_IP
   * @param cookiePath and {@code cookieTtl}: for a COOKIE, or null
   * @param maglev Maglev with {@code size} as table size, else ring hash with {@code size} as
   *     minimum ring size
   */
  public record ConsistentHash(
      HashKey key,
      String name,
      @Nullable String cookiePath,
      @Nullable Duration cookieTtl,
      boolean maglev,
      long size) {
    public ConsistentHash {
      requireNonNull(key, "key");
      requireNonNull(name, "name");
    }
  }

  /**
   * {@code connectionPool}; a null field was not given.
   *
   * @param h2Upgrade {@code http.h2UpgradePolicy} UPGRADE; false for DEFAULT or DO_NOT_UPGRADE
   */
  public record ConnectionPool(
      @Nullable Integer maxConnections,
      @Nullable Duration connectTimeout,
      @Nullable Integer http1MaxPendingRequests,
      @Nullable Integer http2MaxRequests,
      @Nullable Integer maxRequestsPerConnection,
      @Nullable Integer maxRetries,
      @Nullable Duration idleTimeout,
      boolean h2Upgrade) {}

  /**
   * {@code outlierDetection}; a null field was not given.
   *
   * @param minHealthPercent {@code minHealthPercent} (0..100; Istio's default 0 = no panic mode)
   */
  public record OutlierDetection(
      @Nullable Integer consecutive5xxErrors,
      @Nullable Integer consecutiveGatewayErrors,
      @Nullable Duration interval,
      @Nullable Duration baseEjectionTime,
      @Nullable Integer maxEjectionPercent,
      int minHealthPercent) {}

  /** {@code portLevelSettings[]}: a policy for one port number. */
  public record PortPolicy(int port, TrafficPolicy policy) {
    public PortPolicy {
      requireNonNull(policy, "policy");
    }
  }

  public TrafficPolicy {
    portLevelSettings = List.copyOf(portLevelSettings);
  }

  /**
   * The policy for {@code port} of a subset, merged as Istio does: the top level, then its
   * settings for the port, then the subset's policy, then the subset's settings for the port; each
   * of {@code loadBalancer}, {@code connectionPool}, {@code outlierDetection} and {@code tls} set
   * later replaces the earlier one as a whole.
   */
  public static TrafficPolicy merge(
      @Nullable TrafficPolicy top, @Nullable TrafficPolicy subset, int port) {
    TrafficPolicy merged = NONE;
    for (TrafficPolicy p : new TrafficPolicy[] {top, subset}) {
      if (p != null) {
        merged = merged.override(p);
        for (PortPolicy pp : p.portLevelSettings()) {
          if (pp.port() == port) {
            merged = merged.override(pp.policy());
          }
        }
      }
    }
    return merged;
  }

  private TrafficPolicy override(TrafficPolicy p) {
    return new TrafficPolicy(
        p.loadBalancer != null ? p.loadBalancer : loadBalancer,
        p.connectionPool != null ? p.connectionPool : connectionPool,
        p.outlierDetection != null ? p.outlierDetection : outlierDetection,
        List.of(),
        p.tls != null ? p.tls : tls);
  }
}
