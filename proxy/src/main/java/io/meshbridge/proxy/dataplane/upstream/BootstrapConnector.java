package io.meshbridge.proxy.dataplane.upstream;

import io.meshbridge.proxy.dataplane.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Connects HTTP/1.1 upstream connections with a {@link Bootstrap} bound to one event loop. */
public final class BootstrapConnector implements UpstreamConnector {

  private final Bootstrap bootstrap;
  private final @Nullable UpstreamTls tls;

  public BootstrapConnector(
      EventLoop loop,
      Class<? extends Channel> channelType,
      AddressResolverGroup<InetSocketAddress> resolver) {
    this(loop, channelType, resolver, null);
  }

  /** @param tls secures connections to TLS keys; null = plaintext only */
  public BootstrapConnector(
      EventLoop loop,
      Class<? extends Channel> channelType,
      AddressResolverGroup<InetSocketAddress> resolver,
      @Nullable UpstreamTls tls) {
    this.tls = tls;
    bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .resolver(resolver)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true);
  }

  @Override
  public ChannelFuture connect(UpstreamKey key, Duration connectTimeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    ChannelFuture connect = bootstrap
        .clone()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new UpstreamHandler(key));
                if (tls != null) {
                  tls.addTo(ch, key);
                }
              }
            })
        // Unresolved, so a host name is resolved by the resolver group, never on the event loop.
        .connect(InetSocketAddress.createUnresolved(key.host(), key.port()));
    return tls == null ? connect : tls.handshaken(connect, key);
  }
}
