package io.meshbridge.proxy.dataplane.tcp;

import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.config.OriginalDstConfig;
import io.meshbridge.proxy.dataplane.snapshot.CapturedDestination;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.Endpoints;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.stats.TcpStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.meshbridge.proxy.dataplane.accesslog.ConnectionLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts proxying one downstream connection: draws a cluster by weight, picks an endpoint with the
 * cluster's balancer (an {@code ORIGINAL_DST} cluster: the connection's captured original
 * destination, see {@link CapturedDestination}), connects, and relays both ways (see {@link Relay}). A missing cluster, no
 * endpoint, or a failed connect closes the downstream connection. When the downstream connection
 * closes, one connection log line says how it went (flags {@code NR}, {@code UH}, {@code UF} or
 * {@code -}, cluster, endpoint, bytes, the TLS peer).
 */
public final class TcpSession {

  private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

  private TcpSession() {}

  /**
   * Proxies {@code downstream} (active, half-closable, on its event loop) with {@code proxy}, as
   * {@code snapshot} says. Bytes the channel already read or reads before the upstream connects
   * are queued and sent first.
   */
  public static void start(
      Channel downstream, String listener, TcpProxyConfig proxy, Snapshot snapshot,
      TcpConnector connector, TcpStats stats) {
    downstream.config().setAutoRead(false);
    stats.connections().increment();
    stats.activeConnections().increment();
    downstream.closeFuture().addListener(f -> stats.activeConnections().decrement());
    LongAdder received = new LongAdder();
    LongAdder sent = new LongAdder();
    Relay down = new Relay(stats.receivedBytes(), received);
    downstream.pipeline().addLast("tcp-relay", down);

    String cluster = proxy.pick(ThreadLocalRandom.current().nextLong(proxy.totalWeight()));
    String[] outcome = {ResponseFlag.NR.name(), "-"}; // flags, upstream host
    downstream.closeFuture().addListener(f -> {
      ConnectionLog.write(listener, downstream, outcome[0], "", "",
          new ConnectionLog.Relayed(cluster, outcome[1], received.sum(), sent.sum()));
    });
    ClusterState state = snapshot.clusters().get(cluster);
    if (state == null) {
      log.debug("tcp_proxy {}: no cluster '{}'", proxy.statPrefix(), cluster);
      stats.noRoute().increment();
      downstream.close();
      return;
    }
    OriginalDstConfig od = state.config().originalDst();
    if (od != null) {
      InetSocketAddress destination = CapturedDestination.get(downstream);
      if (destination == null) {
        log.info("tcp_proxy {}: no original destination for cluster '{}' (expected: a connection"
            + " captured by a listener with the original_dst listener filter); closing {}",
            proxy.statPrefix(), cluster, downstream);
        outcome[0] = ResponseFlag.UH.name();
        stats.noRoute().increment();
        state.stats().noHealthyUpstream().increment();
        downstream.close();
        return;
      }
      state = state.runtime().originalDstHosts().host(
          state, destination.getAddress().getHostAddress(),
          od.portOverride() != null ? od.portOverride() : destination.getPort());
    }
    Endpoints endpoints = state.endpoints();
    int index = endpoints.pick();
    if (index < 0) {
      outcome[0] = ResponseFlag.UH.name();
      stats.noRoute().increment();
      state.stats().noHealthyUpstream().increment();
      downstream.close();
      return;
    }
    outcome[0] = ResponseFlag.UF.name();
    outcome[1] = endpoints.key(index).authority();
    endpoints.started(index);
    ClusterStats clusterStats = state.stats();
    clusterStats.connections().increment();
    Relay up = new Relay(stats.sentBytes(), sent);
    ChannelFuture connect =
        connector.connect(
            downstream.eventLoop(), endpoints.key(index), state.config().connectTimeout(), up);
    Channel upstream = connect.channel();
    upstream.closeFuture().addListener(f -> endpoints.finished(index));
    connect.addListener(
        (ChannelFutureListener)
            f -> {
              if (!f.isSuccess()) {
                log.debug("tcp_proxy {}: connect to {} failed: {}",
                    proxy.statPrefix(), endpoints.key(index), f.cause().toString());
                stats.connectFailures().increment();
                clusterStats.connectFailures().increment();
                downstream.close();
                return;
              }
              if (!downstream.isActive()) {
                upstream.close();
                return;
              }
              outcome[0] = "-";
              clusterStats.activeConnections().increment();
              upstream.closeFuture().addListener(c -> clusterStats.activeConnections().decrement());
              down.connect(downstream, upstream);
              up.connect(upstream, downstream);
            });
  }
}
