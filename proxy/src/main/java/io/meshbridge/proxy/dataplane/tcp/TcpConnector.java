package io.meshbridge.proxy.dataplane.tcp;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.UpstreamTlsConfig;
import io.meshbridge.proxy.dataplane.tls.UpstreamTls;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Opens upstream connections for TCP proxying: half-closable, not reading until told, on the
 * downstream connection's event loop. To an endpoint whose cluster's transport socket (or auto
 * mTLS match) is TLS, it originates TLS without ALPN (a tcp_proxy carries no HTTP), and the
 * connect completes only after the handshake: a failed handshake is a connect failure, counted
 * {@code ssl_handshake_error_total{cluster}} (see {@link UpstreamTls}).
 */
public class TcpConnector {

  private final Bootstrap bootstrap;
  private final @Nullable UpstreamTls tls;

  /** A connector for plaintext only. */
  public TcpConnector(
      Class<? extends Channel> channelType, AddressResolverGroup<InetSocketAddress> resolver) {
    this(channelType, resolver, null);
  }

  /** @param tls secures connections to TLS keys; null = plaintext only */
  public TcpConnector(Class<? extends Channel> channelType,
      AddressResolverGroup<InetSocketAddress> resolver, @Nullable UpstreamTls tls) {
    this.tls = tls;
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
    UpstreamTlsConfig settings = key.tls();
    UpstreamTls secure = tls;
    UpstreamKey target = settings == null || secure == null
        ? key
        : new UpstreamKey(key.cluster(), key.host(), key.port(), settings.withoutAlpn());
    ChannelFuture connect = bootstrap
        .clone(loop)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
        .handler(settings == null || secure == null ? handler : new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(handler);
            secure.addTo(ch, target);
          }
        })
        // Unresolved, so a host name is resolved by the resolver group, never on the event loop.
        .connect(InetSocketAddress.createUnresolved(key.host(), key.port()));
    if (target.tls() == null || secure == null) {
      return connect;
    }
    // AUTO_READ is off: the TLS handler reads by itself once reading has started.
    connect.addListener(f -> {
      if (f.isSuccess()) {
        connect.channel().read();
      }
    });
    return secure.handshaken(connect, target);
  }
}
