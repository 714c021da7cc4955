package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.dataplane.h2.HttpPipelines;
import io.meshbridge.proxy.dataplane.http.DownstreamHandler;
import io.meshbridge.proxy.dataplane.http.Worker;
import io.meshbridge.proxy.dataplane.snapshot.CapturedDestination;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.tcp.TcpListener;
import io.meshbridge.proxy.dataplane.tls.DownstreamTls;
import io.meshbridge.proxy.dataplane.tls.TlsContexts;
import io.meshbridge.proxy.dataplane.tls.TlsStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sets up each accepted connection as the listener's config says when it is accepted: a TCP relay
 * (see {@link TcpListener}), or HTTP/1.1 and/or HTTP/2 (see {@link HttpPipelines}) with proxy
 * handlers bound to its event loop. A listener with the {@code original_dst} listener filter
 * records a captured connection's original destination first ({@link CapturedDestination}), and
 * with {@code use_original_dst} hands it to the listener owning that address.
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
    String name = listenerName;
    ListenerState listener = snapshot.listeners().get(name);
    if (listener != null && listener.config().capture().originalDst()) {
      ListenerState owner = capture(ch, listener, snapshot);
      if (owner != null) {
        name = owner.config().name();
        listener = owner;
      }
    }
    if (listener != null && listener.config().isTcp()) {
      tcp.init(ch, listener, snapshot);
      return;
    }
    String handledBy = name;
    HttpCodec codec = listener == null ? HttpCodec.HTTP1 : listener.config().codec();
    Runnable http = () -> HttpPipelines.init(
        ch,
        codec,
        () ->
            new DownstreamHandler(
                handledBy, snapshots, worker, upstreamTimeoutNanos, socket::draining));
    if (listener == null) {
      http.run();
      return;
    }
    ListenerConfig config = listener.config();
    DownstreamTls.init(ch, config.transport(), tls.get(), tlsStats,
        config.statPrefix().isEmpty() ? name : config.statPrefix(), http);
  }

  /**
   * Records the connection's original destination, if it was captured; with {@code
   * use_original_dst}, returns the listener that owns that destination (null: this one keeps it).
   */
  private static @Nullable ListenerState capture(
      Channel ch, ListenerState listener, Snapshot snapshot) {
    if (!(ch.localAddress() instanceof InetSocketAddress local)
        || ch.parent() == null
        || !(ch.parent().localAddress() instanceof InetSocketAddress bound)) {
      return null;
    }
    InetSocketAddress destination = CapturedDestination.of(local, bound);
    if (destination == null) {
      return null;
    }
    CapturedDestination.set(ch, destination);
    if (!listener.config().capture().useOriginalDst()) {
      return null;
    }
    List<ListenerConfig> all = new ArrayList<>(snapshot.listeners().size());
    snapshot.listeners().values().forEach(l -> all.add(l.config()));
    ListenerConfig owner = CapturedDestination.owner(all, destination, listener.config().name());
    return owner == null ? null : snapshot.listeners().get(owner.name());
  }
}
