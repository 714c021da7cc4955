package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.EdsClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.OriginalDstConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code Cluster} → {@link ClusterResource}. Supports type EDS (over ADS), STATIC (with an
 * inline {@code load_assignment}) and STRICT_DNS (an inline {@code load_assignment} of host names
 * or IP literals, {@code dns_refresh_rate}, {@code dns_lookup_family}: {@link
 * DnsSettingsConverter}; resolved by {@code dns.DnsResolvingDataPlane}), load balancing as
 * {@link LbPolicyConverter} reads it, {@code connect_timeout} (default 5 s, as Envoy), {@code
 * circuit_breakers} and {@code outlier_detection} ({@link ResilienceConverter}) and the HTTP
 * protocol options ({@link HttpProtocolOptionsConverter}), {@code transport_socket} and {@code
 * transport_socket_matches} ({@link TransportSocketMatches}), and ORIGINAL_DST ({@link
 * OriginalDstConverter}: no endpoints, a host per original destination). Everything else is
 * rejected.
 */
public final class ClusterConverter {

  /** Envoy's default {@code connect_timeout}. */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private ClusterConverter() {}

  /** Converts a CDS resource. */
  public static ClusterResource convert(Cluster cluster) throws InvalidResourceException {
    String name = cluster.getName();
    FieldChecker check = new FieldChecker("Cluster " + name);
    check.onlySupported(
        cluster, "", "name", "type", "eds_cluster_config", "lb_policy", "connect_timeout",
        "load_assignment", "metadata", "circuit_breakers", "outlier_detection",
        "ring_hash_lb_config", "maglev_lb_config", "common_lb_config", "load_balancing_policy",
        "dns_refresh_rate", "dns_lookup_family", "respect_dns_ttl",
        "typed_extension_protocol_options", "transport_socket", "transport_socket_matches",
        "original_dst_lb_config", "cleanup_interval");
    boolean originalDst = cluster.getType() == Cluster.DiscoveryType.ORIGINAL_DST;
    @Nullable OriginalDstConfig passthrough =
        originalDst ? OriginalDstConverter.convert(cluster, check) : null;
    if (!originalDst) {
      OriginalDstConverter.rejectOnOtherTypes(cluster, check);
    }
    LbPolicyConverter.Result lb = originalDst
        ? new LbPolicyConverter.Result(OriginalDstConverter.hostPolicy(), LbSettings.DEFAULTS)
        : LbPolicyConverter.convert(cluster, check);
    Duration timeout = connectTimeout(cluster, check);
    CircuitBreakerThresholds breakers =
        cluster.hasCircuitBreakers()
            ? ResilienceConverter.circuitBreakers(
                cluster.getCircuitBreakers(), check, "circuit_breakers")
            : CircuitBreakerThresholds.DEFAULTS;
    @Nullable OutlierDetectionConfig outliers =
        cluster.hasOutlierDetection()
            ? ResilienceConverter.outlierDetection(
                cluster.getOutlierDetection(), check, "outlier_detection")
            : null;
    if (cluster.getType() != Cluster.DiscoveryType.STRICT_DNS) {
      DnsSettingsConverter.rejectOnOtherTypes(cluster, check);
    }
    HttpProtocolOptions http = HttpProtocolOptionsConverter.convert(cluster, check);
    ClusterTransport transport = TransportSocketMatches.cluster(cluster, check);
    switch (cluster.getType()) {
      case ORIGINAL_DST:
        return new ClusterResource(
            new ClusterConfig(
                name, name, lb.policy(), timeout, lb.settings(), breakers, outliers, null, http,
                transport, passthrough),
            java.util.List.of());
      case EDS:
        if (cluster.hasLoadAssignment()) {
          throw check.invalid(
              "load_assignment", "not supported for type EDS (endpoints come from EDS)");
        }
        String serviceName = edsServiceName(cluster, check);
        return new ClusterResource(
            new ClusterConfig(
                name, serviceName, lb.policy(), timeout, lb.settings(), breakers, outliers, null,
                http, transport),
            null);
      case STATIC:
      case STRICT_DNS:
        String type = cluster.getType().name();
        if (cluster.hasEdsClusterConfig()) {
          throw check.invalid("eds_cluster_config", "not supported for type " + type);
        }
        if (!cluster.hasLoadAssignment()) {
          throw check.invalid(
              "load_assignment", "missing (expected: the endpoints of a " + type + " cluster)");
        }
        @Nullable DnsSettings dns =
            cluster.getType() == Cluster.DiscoveryType.STRICT_DNS
                ? DnsSettingsConverter.convert(cluster, check)
                : null;
        return new ClusterResource(
            new ClusterConfig(
                name, name, lb.policy(), timeout, lb.settings(), breakers, outliers, dns, http,
                transport),
            EndpointConverter.endpoints(cluster.getLoadAssignment(), check, "load_assignment"));
      default:
        throw check.invalid(
            "type", cluster.getType()
                + " is not supported (supported: EDS, STATIC, STRICT_DNS, ORIGINAL_DST)");
    }
  }

  private static String edsServiceName(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    EdsClusterConfig eds = cluster.getEdsClusterConfig();
    check.onlySupported(eds, "eds_cluster_config", "eds_config", "service_name");
    ConfigSources.requireAds(
        eds.getEdsConfig(), eds.hasEdsConfig(), true, check, "eds_cluster_config.eds_config");
    return eds.getServiceName().isEmpty() ? cluster.getName() : eds.getServiceName();
  }

  private static Duration connectTimeout(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    if (!cluster.hasConnectTimeout()) {
      return DEFAULT_CONNECT_TIMEOUT;
    }
    com.google.protobuf.Duration value = cluster.getConnectTimeout();
    return ProtoDurations.positive(value)
        .orElseThrow(
            () ->
                check.invalid(
                    "connect_timeout",
                    ProtoDurations.describe(value) + " (expected: a positive duration)"));
  }
}
