package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.dataplane.h2.HttpPipelines;
import io.meshbridge.proxy.dataplane.http.DownstreamHandler;
import io.meshbridge.proxy.dataplane.http.Worker;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.tcp.TcpListener;
import io.meshbridge.proxy.dataplane.tls.DownstreamTls;
import io.meshbridge.proxy.dataplane.tls.TlsContexts;
import io.meshbridge.proxy.dataplane.tls.TlsStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sets up each accepted connection as the listener's config says when it is accepted: a TCP relay
 * (see {@link TcpListener}), or HTTP/1.1 and/or HTTP/2 (see {@link HttpPipelines}) with proxy
 * handlers bound to its event loop.
 */
final class ListenerInitializer extends ChannelInitializer<Channel> {

  private final String listenerName;
  private final ListenerSocket socket;
  private final Supplier<Snapshot> snapshots;
  private final Function<EventLoop, @Nullable Worker> workers;
  private final long upstreamTimeoutNanos;
  private final TcpListener tcp;
  private final Supplier<TlsContexts> tls;
  private final TlsStats tlsStats;

  /** An initializer for plaintext listeners (tests). */
  ListenerInitializer(
      String listenerName,
      ListenerSocket socket,
      Supplier<Snapshot> snapshots,
      Function<EventLoop, @Nullable Worker> workers,
      long upstreamTimeoutNanos,
      TcpListener tcp) {
    this(listenerName, socket, snapshots, workers, upstreamTimeoutNanos, tcp,
        () -> TlsContexts.EMPTY, new TlsStats(new io.meshbridge.proxy.stats.StatsRegistry()));
  }

  ListenerInitializer(
      String listenerName,
      ListenerSocket socket,
      Supplier<Snapshot> snapshots,
      Function<EventLoop, @Nullable Worker> workers,
      long upstreamTimeoutNanos,
      TcpListener tcp,
      Supplier<TlsContexts> tls,
      TlsStats tlsStats) {
    this.listenerName = requireNonNull(listenerName, "listenerName");
    this.socket = requireNonNull(socket, "socket");
    this.snapshots = requireNonNull(snapshots, "snapshots");
    this.workers = requireNonNull(workers, "workers");
    this.upstreamTimeoutNanos = upstreamTimeoutNanos;
    this.tcp = requireNonNull(tcp, "tcp");
    this.tls = requireNonNull(tls, "tls");
    this.tlsStats = requireNonNull(tlsStats, "tlsStats");
  }

  @Override
  protected void initChannel(Channel ch) {
    Worker worker = workers.apply(ch.eventLoop());
    if (worker == null) {
      throw new IllegalStateException("no worker for event loop " + ch.eventLoop());
    }
    socket.connections().add(ch); // before the handler checks draining; see ListenerSocket#drain
    Snapshot snapshot = snapshots.get();
    ListenerState listener = snapshot.listeners().get(listenerName);
    if (listener != null && listener.config().isTcp()) {
      tcp.init(ch, listener, snapshot);
      return;
    }
    HttpCodec codec = listener == null ? HttpCodec.HTTP1 : listener.config().codec();
    Runnable http = () -> HttpPipelines.init(
        ch,
        codec,
        () ->
            new DownstreamHandler(
                listenerName, snapshots, worker, upstreamTimeoutNanos, socket::draining));
    if (listener == null) {
      http.run();
      return;
    }
    ListenerConfig config = listener.config();
    DownstreamTls.init(ch, config.transport(), tls.get(), tlsStats,
        config.statPrefix().isEmpty() ? listenerName : config.statPrefix(), http);
  }
}
