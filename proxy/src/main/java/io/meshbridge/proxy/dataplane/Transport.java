package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty transport in use: native epoll on Linux when it loads, NIO otherwise. */
public record Transport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> socketChannel) {

  private static final Logger log = LoggerFactory.getLogger(Transport.class);

  public Transport {
    requireNonNull(name, "name");
    requireNonNull(ioHandlerFactory, "ioHandlerFactory");
    requireNonNull(serverChannel, "serverChannel");
    requireNonNull(socketChannel, "socketChannel");
  }

  /** Epoll when {@code preferNative} and {@link Epoll#isAvailable()}, else NIO; logs the choice. */
  public static Transport select(boolean preferNative) {
    if (preferNative && Epoll.isAvailable()) {
      log.info("Using the native epoll transport");
      return new Transport(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    if (preferNative) {
      log.info("Using the NIO transport: epoll is unavailable ({})", Epoll.unavailabilityCause());
    } else {
      log.info("Using the NIO transport (native transport disabled)");
    }
    return new Transport(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** A new event loop group of {@code threads} daemon threads named {@code name-N-M}. */
  public EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), ioHandlerFactory);
  }
}
