package io.meshbridge.proxy.dataplane.tcp;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.tls.DownstreamTls;
import io.meshbridge.proxy.dataplane.tls.TlsContexts;
import io.meshbridge.proxy.dataplane.tls.TlsStats;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sets up an accepted connection of a TCP listener: straight to its chain, or through the TLS
 * inspector first (server name and TLS vs plaintext pick the chain). A chain with a TLS transport
 * socket terminates TLS ({@link DownstreamTls#terminate}, the HTTP listeners' code); its network
 * RBAC and tcp_proxy start after the handshake, with the peer known.
 */
public final class TcpListener {

  /** Envoy's {@code listener_filters_timeout} default: how long the ClientHello may take. */
  public static final Duration CLIENT_HELLO_TIMEOUT = Duration.ofSeconds(15);

  private final TcpConnector connector;
  private final StatsCache stats;
  private final Supplier<TlsContexts> tls;
  private final TlsStats tlsStats;

  /** A listener setup without TLS termination (tests). */
  public TcpListener(TcpConnector connector, StatsCache stats) {
    this(connector, stats, () -> TlsContexts.EMPTY, new TlsStats(new StatsRegistry()));
  }

  /** @param tls the current TLS contexts, read when a chain terminates TLS */
  public TcpListener(TcpConnector connector, StatsCache stats, Supplier<TlsContexts> tls,
      TlsStats tlsStats) {
    this.connector = requireNonNull(connector, "connector");
    this.stats = requireNonNull(stats, "stats");
    this.tls = requireNonNull(tls, "tls");
    this.tlsStats = requireNonNull(tlsStats, "tlsStats");
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
                serverName -> {
                  stats.tcp(config.statPrefix()).noRoute().increment();
                  if (serverName == null) {
                    DownstreamTls.noFilterChainMatch(ch, tlsStats, statPrefix(config),
                        "plaintext", "the listener requires TLS");
                  } else {
                    DownstreamTls.noFilterChainMatch(ch, tlsStats, statPrefix(config), "TLS",
                        "server name '" + serverName + "'");
                  }
                }));
  }

  private void start(Channel ch, ListenerState listener, TcpChain chain, Snapshot snapshot) {
    DownstreamTlsConfig terminate = chain.tls();
    if (terminate != null
        && !DownstreamTls.terminate(ch, terminate, tls.get(), tlsStats,
            statPrefix(listener.config()))) {
      return;
    }
    String name = listener.config().name();
    NetworkRbac.gate(
        ch, listener.rbacOf(chain), name,
        () -> TcpSession.start(ch, name, chain.tcpProxy(), snapshot, connector,
            stats.tcp(chain.tcpProxy().statPrefix())));
  }

  /** The label of the listener's TLS counters, as for HTTP listeners. */
  private static String statPrefix(ListenerConfig config) {
    return config.statPrefix().isEmpty() ? config.name() : config.statPrefix();
  }
}
