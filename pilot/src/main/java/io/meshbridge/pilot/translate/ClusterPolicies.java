package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.envoyproxy.envoy.config.cluster.v3.LoadBalancingPolicy;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.TrafficPolicy;
import io.meshbridge.pilot.policy.TrafficPolicy.ConnectionPool;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A DestinationRule's merged {@link TrafficPolicy} as the fields of one cluster, as Istio does. */
final class ClusterPolicies {

  static final String HTTP_PROTOCOL_OPTIONS =
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
  static final String PEAK_EWMA = "meshbridge.peak_ewma";
  static final String PEAK_EWMA_TYPE_URL = "type.meshbridge.io/meshbridge.lb.PeakEwma";

  /** Istio's value for a threshold the DestinationRule leaves unset: no limit. */
  private static final int UNLIMITED = -1; // as uint32: 4294967295

  static void apply(
      TrafficPolicy policy, @Nullable Duration peakEwmaDecay, ServicePort port,
      Cluster.Builder cluster) {
    loadBalancer(policy.loadBalancer(), cluster);
    if (peakEwmaDecay != null) {
      cluster.setLoadBalancingPolicy(peakEwma(peakEwmaDecay));
    }
    if (policy.connectionPool() != null) {
      connectionPool(policy.connectionPool(), cluster);
    }
    httpProtocol(policy.connectionPool(), port, cluster);
    if (policy.outlierDetection() != null) {
      cluster.setOutlierDetection(outlier(policy.outlierDetection()));
      // As Istio: always written with outlier detection, so Envoy's default of 50 % never applies.
      cluster.getCommonLbConfigBuilder().setHealthyPanicThreshold(
          io.envoyproxy.envoy.type.v3.Percent.newBuilder()
              .setValue(policy.outlierDetection().minHealthPercent()));
    }
  }

  private static void loadBalancer(TrafficPolicy.@Nullable LoadBalancer lb, Cluster.Builder c) {
    if (lb == null) {
      return;
    }
    TrafficPolicy.LocalitySetting locality = lb.locality();
    if (locality != null && locality.enabled() && !locality.distribute().isEmpty()) {
      c.getCommonLbConfigBuilder().setLocalityWeightedLbConfig(
          Cluster.CommonLbConfig.LocalityWeightedLbConfig.getDefaultInstance());
    }
    TrafficPolicy.ConsistentHash hash = lb.consistentHash();
    if (hash != null) {
      if (hash.maglev()) {
        c.setLbPolicy(LbPolicy.MAGLEV)
            .setMaglevLbConfig(
                Cluster.MaglevLbConfig.newBuilder().setTableSize(UInt64Value.of(hash.size())));
      } else {
        c.setLbPolicy(LbPolicy.RING_HASH)
            .setRingHashLbConfig(
                Cluster.RingHashLbConfig.newBuilder()
                    .setMinimumRingSize(UInt64Value.of(hash.size())));
      }
      return;
    }
    if (lb.simple() == null) {
      return;
    }
    switch (lb.simple()) {
      case LEAST_REQUEST ->
          c.setLbPolicy(LbPolicy.LEAST_REQUEST)
              .setLeastRequestLbConfig(
                  Cluster.LeastRequestLbConfig.newBuilder().setChoiceCount(UInt32Value.of(2)));
      case RANDOM -> c.setLbPolicy(LbPolicy.RANDOM);
      case ROUND_ROBIN -> c.setLbPolicy(LbPolicy.ROUND_ROBIN);
      case PASSTHROUGH -> originalDst(c);
    }
  }

  /**
   * As Istio's PASSTHROUGH: {@code ORIGINAL_DST} with {@code CLUSTER_PROVIDED}, no endpoints of
   * its own; HTTP requests may name their destination in {@code x-envoy-original-dst-host}.
   */
  private static void originalDst(Cluster.Builder c) {
    c.setType(Cluster.DiscoveryType.ORIGINAL_DST)
        .clearEdsClusterConfig()
        .clearLoadAssignment()
        .setLbPolicy(LbPolicy.CLUSTER_PROVIDED)
        .setOriginalDstLbConfig(
            Cluster.OriginalDstLbConfig.newBuilder().setUseHttpHeader(true));
  }

  private static LoadBalancingPolicy peakEwma(Duration decay) {
    com.github.xds.type.v3.TypedStruct config =
        com.github.xds.type.v3.TypedStruct.newBuilder()
            .setTypeUrl(PEAK_EWMA_TYPE_URL)
            .setValue(
                Struct.newBuilder()
                    .putFields("decay", Value.newBuilder()
                        .setStringValue(Durations.toString(Durations.fromNanos(decay.toNanos())))
                        .build()))
            .build();
    return LoadBalancingPolicy.newBuilder()
        .addPolicies(
            LoadBalancingPolicy.Policy.newBuilder()
                .setTypedExtensionConfig(
                    TypedExtensionConfig.newBuilder()
                        .setName(PEAK_EWMA)
                        .setTypedConfig(Any.pack(config))))
        .build();
  }

  private static void connectionPool(ConnectionPool pool, Cluster.Builder c) {
    if (pool.connectTimeout() != null) {
      c.setConnectTimeout(Durations.fromNanos(pool.connectTimeout().toNanos()));
    }
    if (pool.maxConnections() != null || pool.http1MaxPendingRequests() != null
        || pool.http2MaxRequests() != null || pool.maxRetries() != null) {
      c.setCircuitBreakers(
          CircuitBreakers.newBuilder()
              .addThresholds(
                  CircuitBreakers.Thresholds.newBuilder()
                      .setPriority(RoutingPriority.DEFAULT)
                      .setMaxConnections(limit(pool.maxConnections()))
                      .setMaxPendingRequests(limit(pool.http1MaxPendingRequests()))
                      .setMaxRequests(limit(pool.http2MaxRequests()))
                      .setMaxRetries(limit(pool.maxRetries()))));
    }
  }

  /**
   * The cluster's {@code HttpProtocolOptions}, written for an HTTP-family port when {@code pool}
   * tunes the connections ({@code maxRequestsPerConnection}, {@code idleTimeout}, {@code
   * h2UpgradePolicy: UPGRADE}) and always for an HTTP2 or GRPC port: as Istio, such a cluster
   * speaks HTTP/2 upstream whether or not a DestinationRule names it.
   */
  static void httpProtocol(@Nullable ConnectionPool pool, ServicePort port, Cluster.Builder c) {
    boolean tuned = pool != null && (pool.maxRequestsPerConnection() != null
        || pool.idleTimeout() != null || pool.h2Upgrade());
    if (port.protocol().isHttp() && (tuned || h2Port(port))) {
      c.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Any.pack(protocolOptions(pool, port)));
    }
  }

  private static boolean h2Port(ServicePort port) {
    return port.protocol() == Protocol.HTTP2 || port.protocol() == Protocol.GRPC;
  }

  private static io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions
      protocolOptions(@Nullable ConnectionPool pool, ServicePort port) {
    HttpProtocolOptions.Builder common = HttpProtocolOptions.newBuilder();
    if (pool != null && pool.maxRequestsPerConnection() != null
        && pool.maxRequestsPerConnection() > 0) {
      common.setMaxRequestsPerConnection(UInt32Value.of(pool.maxRequestsPerConnection()));
    }
    if (pool != null && pool.idleTimeout() != null) {
      common.setIdleTimeout(Durations.fromNanos(pool.idleTimeout().toNanos()));
    }
    boolean h2 = (pool != null && pool.h2Upgrade()) || h2Port(port);
    var explicit =
        io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig
            .newBuilder();
    if (h2) {
      explicit.setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance());
    } else {
      explicit.setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance());
    }
    return io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
        .setCommonHttpProtocolOptions(common)
        .setExplicitHttpConfig(explicit)
        .build();
  }

  private static UInt32Value limit(@Nullable Integer value) {
    return UInt32Value.of(value == null ? UNLIMITED : value);
  }

  /**
   * As Istio: success-rate ejection off; a consecutive-error detector given as 0 is off
   * (enforcing 0), otherwise enforced at 100 %; the gateway detector is off unless given.
   */
  private static OutlierDetection outlier(TrafficPolicy.OutlierDetection o) {
    OutlierDetection.Builder out =
        OutlierDetection.newBuilder().setEnforcingSuccessRate(UInt32Value.of(0));
    Integer fiveXx = o.consecutive5xxErrors();
    if (fiveXx != null) {
      out.setConsecutive5Xx(UInt32Value.of(fiveXx));
    }
    out.setEnforcingConsecutive5Xx(UInt32Value.of(fiveXx != null && fiveXx == 0 ? 0 : 100));
    Integer gateway = o.consecutiveGatewayErrors();
    if (gateway != null) {
      out.setConsecutiveGatewayFailure(UInt32Value.of(gateway));
    }
    out.setEnforcingConsecutiveGatewayFailure(
        UInt32Value.of(gateway != null && gateway > 0 ? 100 : 0));
    if (o.interval() != null) {
      out.setInterval(Durations.fromNanos(o.interval().toNanos()));
    }
    if (o.baseEjectionTime() != null) {
      out.setBaseEjectionTime(Durations.fromNanos(o.baseEjectionTime().toNanos()));
    }
    if (o.maxEjectionPercent() != null) {
      out.setMaxEjectionPercent(UInt32Value.of(o.maxEjectionPercent()));
    }
    return out.build();
  }

  private ClusterPolicies() {}
}
