package io.meshbridge.proxy.dataplane.tcp;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens upstream connections for TCP proxying: half-closable, not reading until told, on the
 * downstream connection's event loop. Behind an interface-like seam so handlers test without
 * sockets.
 */
public class TcpConnector {

  private final Bootstrap bootstrap;

  public TcpConnector(
      Class<? extends Channel> channelType, AddressResolverGroup<InetSocketAddress> resolver) {
    bootstrap =
        new Bootstrap()
            .channel(requireNonNull(channelType, "channelType"))
            .resolver(requireNonNull(resolver, "resolver"))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.AUTO_READ, false);
  }

  /** Connects to {@code key} on {@code loop}, with {@code handler} as the channel's pipeline. */
  public ChannelFuture connect(
      EventLoop loop, UpstreamKey key, Duration connectTimeout, ChannelHandler handler) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    return bootstrap
        .clone(loop)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
        .handler(handler)
        // Unresolved, so a host name is resolved by the resolver group, never on the event loop.
        .connect(InetSocketAddress.createUnresolved(key.host(), key.port()));
  }
}
