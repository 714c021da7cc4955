package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.OriginalDstLbConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.OriginalDstConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An {@code ORIGINAL_DST} cluster's fields: {@code lb_policy} must be {@code CLUSTER_PROVIDED}
 * (no load balancing), no endpoints of its own, {@code original_dst_lb_config} ({@code
 * use_http_header}, {@code http_header_name}, {@code upstream_port_override}) and {@code
 * cleanup_interval}. Other cluster types must not set the last two.
 */
final class OriginalDstConverter {

  private OriginalDstConverter() {}

  /** The config of an ORIGINAL_DST cluster; the caller checked its type. */
  static OriginalDstConfig convert(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    if (cluster.getLbPolicy() != Cluster.LbPolicy.CLUSTER_PROVIDED) {
      throw check.invalid("lb_policy", cluster.getLbPolicy()
          + " (expected: CLUSTER_PROVIDED for type ORIGINAL_DST)");
    }
    @Nullable String field = cluster.hasEdsClusterConfig() ? "eds_cluster_config"
        : cluster.hasLoadAssignment() ? "load_assignment"
        : cluster.hasLoadBalancingPolicy() ? "load_balancing_policy"
        : cluster.hasRingHashLbConfig() ? "ring_hash_lb_config"
        : cluster.hasMaglevLbConfig() ? "maglev_lb_config"
        : null;
    if (field != null) {
      throw check.invalid(field, "not supported for type ORIGINAL_DST (it has no endpoints;"
          + " each connection or request goes to its original destination)");
    }
    OriginalDstLbConfig lb = cluster.getOriginalDstLbConfig();
    check.onlySupported(lb, "original_dst_lb_config",
        "use_http_header", "http_header_name", "upstream_port_override");
    @Nullable Integer port = null;
    if (lb.hasUpstreamPortOverride()) {
      int value = lb.getUpstreamPortOverride().getValue();
      if (value < 1 || value > 65535) {
        throw check.invalid("original_dst_lb_config.upstream_port_override",
            Integer.toUnsignedString(value) + " (expected: 1..65535)");
      }
      port = value;
    }
    String header = lb.getHttpHeaderName().isEmpty()
        ? OriginalDstConfig.DEFAULT_HEADER
        : lb.getHttpHeaderName();
    return new OriginalDstConfig(lb.getUseHttpHeader(), header, port, cleanup(cluster, check));
  }

  /** The lb policy the cluster's per-host endpoints use: only one host, so any. */
  static LbPolicy hostPolicy() {
    return LbPolicy.ROUND_ROBIN;
  }

  /** Rejects the ORIGINAL_DST fields on a cluster of another type. */
  static void rejectOnOtherTypes(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    if (cluster.hasOriginalDstLbConfig()) {
      throw check.invalid("original_dst_lb_config", "only for type ORIGINAL_DST");
    }
    if (cluster.hasCleanupInterval()) {
      throw check.invalid("cleanup_interval", "only for type ORIGINAL_DST");
    }
  }

  private static Duration cleanup(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    if (!cluster.hasCleanupInterval()) {
      return OriginalDstConfig.DEFAULT_CLEANUP;
    }
    com.google.protobuf.Duration value = cluster.getCleanupInterval();
    return ProtoDurations.positive(value)
        .orElseThrow(() -> check.invalid("cleanup_interval",
            ProtoDurations.describe(value) + " (expected: a positive duration)"));
  }
}
