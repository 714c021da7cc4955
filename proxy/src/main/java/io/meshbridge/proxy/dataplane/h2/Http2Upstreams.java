package io.meshbridge.proxy.dataplane.h2;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/2 upstream connections of one event loop, by endpoint: a stream goes on the first
 * connection that takes streams (peer's SETTINGS_MAX_CONCURRENT_STREAMS, no GOAWAY, below
 * max_requests_per_connection), else on a new connection. Event loop only, no locks.
 */
public final class Http2Upstreams {

  private final Bootstrap bootstrap;
  private final Predicate<UpstreamKey> configured;
  private final Duration defaultIdleTimeout;
  private final Map<UpstreamKey, List<Http2Connection>> connections = new HashMap<>();
  private final @Nullable UpstreamTls tls;

  public Http2Upstreams(
      EventLoop loop,
      Class<? extends Channel> channelType,
      AddressResolverGroup<InetSocketAddress> resolver,
      Predicate<UpstreamKey> configured,
      Duration defaultIdleTimeout) {
    this(loop, channelType, resolver, configured, defaultIdleTimeout, null);
  }

  /** @param tls secures connections to TLS keys; null = plaintext only */
  public Http2Upstreams(
      EventLoop loop,
      Class<? extends Channel> channelType,
      AddressResolverGroup<InetSocketAddress> resolver,
      Predicate<UpstreamKey> configured,
      Duration defaultIdleTimeout,
      @Nullable UpstreamTls tls) {
    this.tls = tls;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .resolver(resolver)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true);
    this.configured = requireNonNull(configured, "configured");
    this.defaultIdleTimeout = requireNonNull(defaultIdleTimeout, "defaultIdleTimeout");
  }

  /**
   * A new stream to {@code key}; the future's channel is the stream, with an {@code
   * UpstreamHandler} last, once it succeeds.
   */
  public ChannelFuture openStream(
      UpstreamKey key, Duration connectTimeout, ClusterStats stats, HttpProtocolOptions options) {
    List<Http2Connection> list = connections.computeIfAbsent(key, k -> new ArrayList<>());
    Http2Connection chosen = null;
    for (Http2Connection c : list) {
      if (c.takesStreams()) {
        chosen = c;
        break;
      }
    }
    if (chosen == null) {
      chosen = connect(key, connectTimeout, stats, options);
      list.add(chosen);
    }
    StreamPromise promise = new StreamPromise(chosen.channel());
    chosen.openStream(promise);
    return promise;
  }

  /** Drains connections to endpoints that left the config. */
  public void closeUnconfigured() {
    snapshot().stream().filter(c -> !configured.test(c.key())).forEach(Http2Connection::drain);
  }

  /** Closes every connection. */
  public void closeAll() {
    snapshot().forEach(c -> c.channel().close());
  }

  /**
   * Every connection, copied: a close (and so a drain) runs the close listener at once, which
   * removes the connection from {@link #connections}.
   */
  private List<Http2Connection> snapshot() {
    List<Http2Connection> all = new ArrayList<>();
    connections.values().forEach(all::addAll);
    return all;
  }

  private Http2Connection connect(
      UpstreamKey key, Duration connectTimeout, ClusterStats stats, HttpProtocolOptions options) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    Http2Connection[] self = new Http2Connection[1];
    stats.connections().increment();
    ChannelFuture connected =
        bootstrap
            .clone()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient().build(),
                            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                            new GoAwayListener(() -> self[0].drain()));
                    if (tls != null) {
                      tls.addTo(ch, key);
                    }
                  }
                })
            .connect(InetSocketAddress.createUnresolved(key.host(), key.port()));
    ChannelFuture connect = tls == null ? connected : tls.handshaken(connected, key);
    Http2Connection connection =
        new Http2Connection(key, connect, options, options.idleTimeoutNanos(defaultIdleTimeout));
    self[0] = connection;
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            stats.connectFailures().increment();
            forget(connection);
            return;
          }
          stats.activeConnections().increment();
          f.channel()
              .closeFuture()
              .addListener(
                  c -> {
                    stats.activeConnections().decrement();
                    forget(connection);
                  });
        });
    return connection;
  }

  private void forget(Http2Connection c) {
    List<Http2Connection> list = connections.get(c.key());
    if (list != null && list.remove(c) && list.isEmpty()) {
      connections.remove(c.key());
    }
  }

  /** The peer's GOAWAY: no new streams on this connection; open ones below its last id finish. */
  private static final class GoAwayListener extends ChannelInboundHandlerAdapter {
    private final Runnable onGoAway;

    GoAwayListener(Runnable onGoAway) {
      this.onGoAway = onGoAway;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2GoAwayFrame) {
        onGoAway.run();
      }
      ReferenceCountUtil.release(msg);
    }
  }
}
