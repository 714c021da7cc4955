package io.meshbridge.proxy.dataplane;

import io.meshbridge.proxy.config.ListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollChannelOption;

/**
 * Binds a listener with {@code transparent: true}: its socket gets {@code IP_TRANSPARENT} (Linux,
 * native epoll transport only; the kernel refuses it without CAP_NET_ADMIN). Netty only logs an
 * option it could not set, so the option is read back after the bind: a socket without it is
 * closed and the bind fails, naming the field.
 */
final class TransparentBind {

  private TransparentBind() {}

  /** Thrown (as a bind failure) when the listener cannot be transparent; the message says why. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  static ChannelFuture bind(ServerBootstrap bootstrap, Transport transport, ListenerConfig config) {
    if (!transport.name().equals("epoll")) {
      ChannelFuture registered = bootstrap.register();
      ChannelPromise failed = registered.channel().newPromise();
      registered.addListener((ChannelFutureListener) f -> {
        registered.channel().close();
        failed.setFailure(new Refused("transparent: true needs the native epoll transport on"
            + " Linux (in use: " + transport.name() + ")"));
      });
      return failed;
    }
    ChannelFuture bound = bootstrap
        .option(EpollChannelOption.IP_TRANSPARENT, true)
        .bind(config.host(), config.port());
    Channel channel = bound.channel();
    ChannelPromise checked = channel.newPromise();
    bound.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        checked.setFailure(f.cause());
      } else if (Boolean.TRUE.equals(channel.config().getOption(EpollChannelOption.IP_TRANSPARENT))) {
        checked.setSuccess();
      } else {
        channel.close();
        checked.setFailure(new Refused("transparent: the kernel refused IP_TRANSPARENT"
            + " (the proxy needs CAP_NET_ADMIN)"));
      }
    });
    return checked;
  }
}
