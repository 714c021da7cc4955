package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plaintext xDS gRPC server on Netty (grpc-netty-shaded), bound only with {@code xds.plaintext:
 * true}; the same services are served over mTLS on the CA's port.
 *
 * <p>{@link #stop} is graceful with a bound: it stops accepting streams, waits up to the grace
 * period for open ones to end, then cancels them (proxies reconnect elsewhere and keep their last
 * config meanwhile). Start and stop are idempotent; the monitor guards only {@link #server}.
 */
public final class XdsServer {

  private static final Logger logger = LoggerFactory.getLogger(XdsServer.class);

  private final InetSocketAddress address;
  private final Duration shutdownGrace;
  private final List<ServerServiceDefinition> services;
  private @Nullable Server server;
  private boolean stopped;

  public XdsServer(
      String bindAddress, int port, Duration shutdownGrace, List<ServerServiceDefinition> services) {
    requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535, 0 for any)");
    }
    this.address = new InetSocketAddress(bindAddress, port);
    this.shutdownGrace = requireNonNull(shutdownGrace, "shutdownGrace");
    this.services = List.copyOf(services);
  }

  /**
   * Binds and starts serving.
   *
   * @throws XdsServerException naming the address if it cannot be bound
   */
  public synchronized void start() {
    if (server != null || stopped) {
      return;
    }
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    services.forEach(builder::addService);
    Server built = builder.build();
    try {
      built.start();
    } catch (IOException e) {
      throw new XdsServerException("xds: cannot listen on " + address + ": " + e.getMessage(), e);
    }
    server = built;
    logger.warn(
        "plaintext xDS server listening on {}: unauthenticated, anyone who reaches it gets the"
            + " mesh's configuration (xds.plaintext: true; meant for loopback and tests)",
        built.getListenSockets());
  }

  /** The bound port (useful with port 0), or -1 when not running. */
  public synchronized int port() {
    return server == null ? -1 : server.getPort();
  }

  /** Stops serving; returns once the server has terminated or the grace period ran out twice. */
  public synchronized void stop() {
    stopped = true;
    Server running = server;
    if (running == null) {
      return;
    }
    server = null;
    running.shutdown();
    try {
      if (!running.awaitTermination(shutdownGrace.toNanos(), TimeUnit.NANOSECONDS)) {
        running.shutdownNow();
        if (!running.awaitTermination(shutdownGrace.toNanos(), TimeUnit.NANOSECONDS)) {
          logger.warn("xDS server on {} did not terminate within {}", address, shutdownGrace);
        }
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
