package io.meshbridge.proxy.xds;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens the gRPC channel to one xDS server; tests substitute an in-process channel. */
@FunctionalInterface
public interface XdsChannelFactory {

  /** A new channel to {@code server}; the client shuts it down when done with it. */
  ManagedChannel create(HostPort server);

  /**
   * Plaintext HTTP/2 over grpc-netty-shaded, with keepalive pings every 5 minutes (what gRPC
   * servers permit by default) so that a server that vanished without closing is noticed.
   */
  static XdsChannelFactory plaintext(Duration connectTimeout) {
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    return server -> NettyChannelBuilder.forAddress(server.host(), server.port())
        .usePlaintext()
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
        .keepAliveTime(5, TimeUnit.MINUTES)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .maxInboundMessageSize(64 << 20) // big meshes send big EDS responses
        .userAgent(XdsClient.USER_AGENT)
        .build();
  }
}
