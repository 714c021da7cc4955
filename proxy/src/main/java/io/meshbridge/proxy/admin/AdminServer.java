package io.meshbridge.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.Transport;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's admin HTTP/1.1 server (Envoy's admin words): {@code GET /ready} answers {@code LIVE}
 * or 503 {@code PRE_INITIALIZING}, {@code GET /config_dump} the config as JSON, {@code GET
 * /stats/prometheus} the stats, {@code GET /} an index. The suppliers run on a separate executor.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final String host;
  private final int port;
  private final AdminEndpoints endpoints;
  private final Transport transport;
  private final EventLoopGroup group;
  private final ExecutorService offload;

  /** Guarded by {@code this}: start and close may come from different threads. */
  private @Nullable Channel server;

  /**
   * @param port the port to bind; 0 picks an ephemeral one ({@link #start()} returns it)
   * @param configDumpJson the config dump; may be slow, never called on an event loop
   * @param ready whether the proxy has its initial config
   */
  public AdminServer(
      String host,
      int port,
      StatsRegistry stats,
      Supplier<String> configDumpJson,
      BooleanSupplier ready) {
    this.host = requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    this.port = port;
    this.endpoints = new AdminEndpoints(stats, configDumpJson, ready);
    this.transport = Transport.select(true);
    this.group = transport.newGroup(1, "meshbridge-admin");
    this.offload =
        Executors.newFixedThreadPool(2, new DefaultThreadFactory("meshbridge-admin-render", true));
  }

  /**
   * Binds and starts serving; waits for the bind, so call it from a plain thread.
   *
   * @return the bound port
   * @throws IllegalStateException if the address cannot be bound or the server was started before
   */
  public synchronized int start() {
    if (server != null) {
      throw new IllegalStateException("admin server already started on " + server.localAddress());
    }
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(MAX_REQUEST_BYTES),
                            new AdminHandler(endpoints, offload));
                  }
                })
            .bind(host, port)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot bind admin server to " + host + ":" + port + ": " + bound.cause().getMessage(),
          bound.cause());
    }
    server = bound.channel();
    int actual = ((InetSocketAddress) bound.channel().localAddress()).getPort();
    log.info("Admin server listening on {}:{}", host, actual);
    return actual;
  }

  /** Stops accepting, closes connections and waits (bounded) for the event loop to stop. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    offload.shutdownNow();
  }
}
