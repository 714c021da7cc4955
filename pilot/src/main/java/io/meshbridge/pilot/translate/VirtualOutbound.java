package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

/**
 * The virtual outbound listener of a sidecar whose traffic is captured with TPROXY (Istio's
 * {@code buildVirtualOutboundListener} for {@code INTERCEPTION_MODE: TPROXY}): {@code
 * virtualOutbound} on {@code 0.0.0.0:15001}, {@code transparent}, {@code use_original_dst}, the
 * {@code original_dst} listener filter, and a catch-all chain to {@code PassthroughCluster} (an
 * {@code ORIGINAL_DST} cluster), so captured connections no other listener owns go on to their
 * original destination. Istio's blackhole chain for the listener's own port is not written: the
 * proxy gives such a connection no original destination (docs/xds.md).
 */
final class VirtualOutbound {

  static final String LISTENER_NAME = "virtualOutbound";
  static final String CATCH_ALL_CHAIN = "virtualOutbound-catchall-tcp";
  static final String PASSTHROUGH_CLUSTER = "PassthroughCluster";
  /** Istio's {@code proxyListenPort}. */
  static final int PORT = 15001;

  private static final String ORIGINAL_DST_FILTER = "envoy.filters.listener.original_dst";

  private VirtualOutbound() {}

  /** Whether {@code scope} gets the listener and cluster. */
  static boolean applies(ProxyScope scope) {
    return scope.kind() == ProxyScope.Kind.SIDECAR
        && scope.interception() == ProxyScope.Interception.TPROXY;
  }

  static Listener listener() {
    TcpProxy passthrough = TcpProxy.newBuilder()
        .setStatPrefix(PASSTHROUGH_CLUSTER)
        .setCluster(PASSTHROUGH_CLUSTER)
        .build();
    return Listener.newBuilder()
        .setName(LISTENER_NAME)
        .setAddress(Address.newBuilder().setSocketAddress(
            SocketAddress.newBuilder().setAddress("0.0.0.0").setPortValue(PORT)))
        .setTransparent(BoolValue.of(true))
        .setUseOriginalDst(BoolValue.of(true))
        .setTrafficDirection(TrafficDirection.OUTBOUND)
        .addListenerFilters(ListenerFilter.newBuilder()
            .setName(ORIGINAL_DST_FILTER)
            .setTypedConfig(Any.pack(OriginalDst.getDefaultInstance())))
        .addFilterChains(FilterChain.newBuilder()
            .setName(CATCH_ALL_CHAIN)
            .addFilters(Filter.newBuilder()
                .setName(L4Listeners.TCP_PROXY)
                .setTypedConfig(Any.pack(passthrough))))
        .build();
  }

  static Cluster passthroughCluster() {
    return Cluster.newBuilder()
        .setName(PASSTHROUGH_CLUSTER)
        .setType(Cluster.DiscoveryType.ORIGINAL_DST)
        .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED)
        .setConnectTimeout(Duration.newBuilder().setSeconds(10))
        .build();
  }
}
