package io.meshbridge.proxy.dataplane.tcp;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.time.Duration;

/** Sets up an accepted connection of a TCP listener: straight to its chain, or SNI first. */
public final class TcpListener {

  /** Envoy's {@code listener_filters_timeout} default: how long the ClientHello may take. */
  public static final Duration CLIENT_HELLO_TIMEOUT = Duration.ofSeconds(15);

  private final TcpConnector connector;
  private final StatsCache stats;

  public TcpListener(TcpConnector connector, StatsCache stats) {
    this.connector = requireNonNull(connector, "connector");
    this.stats = requireNonNull(stats, "stats");
  }

  /** Initializes {@code ch}, accepted by TCP listener {@code listener}, with {@code snapshot}. */
  public void init(Channel ch, ListenerState listener, Snapshot snapshot) {
    ListenerConfig config = listener.config();
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    if (!config.tlsInspector()) {
      start(ch, listener, config.tcpChains().get(0), snapshot);
      return;
    }
    ch.pipeline()
        .addLast(
            "tls-inspector",
            new SniRouter(
                new ChainSelector(config.tcpChains()),
                CLIENT_HELLO_TIMEOUT.toMillis(),
                chain -> start(ch, listener, chain, snapshot),
                () -> stats.tcp(config.statPrefix()).noRoute().increment()));
  }

  private void start(Channel ch, ListenerState listener, TcpChain chain, Snapshot snapshot) {
    NetworkRbac.gate(
        ch, listener.rbacOf(chain), listener.config().name(),
        () -> TcpSession.start(
            ch, chain.tcpProxy(), snapshot, connector, stats.tcp(chain.tcpProxy().statPrefix())));
  }
}
