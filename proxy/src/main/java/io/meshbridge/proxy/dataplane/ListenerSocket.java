package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.dataplane.http.DrainEvent;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound listening socket and the connections it accepted. {@link #config} and {@link #server}
 * are confined to the data plane's control thread; {@link #draining} is read by event loops.
 */
final class ListenerSocket {

  private static final Logger log = LoggerFactory.getLogger(ListenerSocket.class);

  private final String name;
  private final ChannelGroup connections;
  private volatile boolean draining;
  private ListenerConfig config;
  private @Nullable Channel server;

  ListenerSocket(String name, ListenerConfig config) {
    this.name = requireNonNull(name, "name");
    this.config = requireNonNull(config, "config");
    this.connections = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
  }

  ListenerConfig config() {
    return config;
  }

  /** Takes a new config for the same address: the socket and its connections stay. */
  void config(ListenerConfig updated) {
    config = updated;
  }

  void bound(Channel serverChannel) {
    server = serverChannel;
  }

  @Nullable InetSocketAddress localAddress() {
    Channel s = server;
    return s == null ? null : (InetSocketAddress) s.localAddress();
  }

  ChannelGroup connections() {
    return connections;
  }

  boolean draining() {
    return draining;
  }

  /**
   * Stops accepting and lets every connection finish its request in flight (then it closes);
   * connections still open after {@code bound} are closed. Completes when all are closed.
   */
  CompletableFuture<Void> drain(Duration bound, ScheduledExecutorService timer) {
    // Set before looking at the group: a connection added to the group later sees the flag
    // when it becomes active (ListenerInitializer adds it first, then the handler checks).
    draining = true;
    Channel s = server;
    if (s != null) {
      s.close();
    }
    for (Channel ch : connections) {
      ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
    }
    CompletableFuture<Void> drained = new CompletableFuture<>();
    ChannelGroupFuture closed = connections.newCloseFuture();
    ScheduledFuture<?> force =
        timer.schedule(
            () -> {
              if (!closed.isDone()) {
                log.info(
                    "Listener {}: closing {} connections still open after {}",
                    name,
                    connections.size(),
                    bound);
                connections.close();
              }
            },
            bound.toNanos(),
            TimeUnit.NANOSECONDS);
    closed.addListener(
        f -> {
          force.cancel(false);
          drained.complete(null);
        });
    return drained;
  }
}
