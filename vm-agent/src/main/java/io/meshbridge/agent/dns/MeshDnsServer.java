package io.meshbridge.agent.dns;

import io.meshbridge.agent.config.DnsConfig;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's resolver on UDP and TCP: {@code <name>.<namespace>.mesh} is answered with the
 * outbound listeners' address, anything else is forwarded to {@code forwardTo} (default: the
 * {@code nameserver}s of /etc/resolv.conf, without this resolver's own address). One NIO event
 * loop; nothing blocks it.
 */
public final class MeshDnsServer implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(MeshDnsServer.class);

  private final EventLoopGroup group;
  private final DnsNameResolver upstream;
  private final Channel udp;
  private final Channel tcp;

  private MeshDnsServer(EventLoopGroup group, DnsNameResolver upstream, Channel udp, Channel tcp) {
    this.group = group;
    this.upstream = upstream;
    this.udp = udp;
    this.tcp = tcp;
  }

  /**
   * Binds UDP and TCP on {@code config.listen()} (port 0: any free port, the same for both is not
   * guaranteed).
   *
   * @throws IllegalStateException naming the address if it cannot be bound, or naming
   *     /etc/resolv.conf if no upstream is configured and it cannot be read
   */
  public static MeshDnsServer start(DnsConfig config, String outboundAddress) {
    List<InetSocketAddress> servers = upstreams(config);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(
        1, new DefaultThreadFactory("mesh-dns", true), NioIoHandler.newFactory());
    try {
      DnsNameResolver upstream = new DnsNameResolverBuilder(group.next())
          .datagramChannelType(NioDatagramChannel.class)
          .socketChannelType(NioSocketChannel.class)
          .nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers))
          .queryTimeoutMillis(config.forwardTimeout().toMillis())
          .recursionDesired(true)
          .build();
      QueryAnswerer answerer = new QueryAnswerer(
          new MeshAnswers(InetAddress.getByName(outboundAddress), config.ttl().toSeconds()),
          upstream);
      InetSocketAddress listen = new InetSocketAddress(
          InetAddress.getByName(config.listen().host()), config.listen().port());
      Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
          .handler(new ChannelInitializer<DatagramChannel>() {
            @Override
            protected void initChannel(DatagramChannel ch) {
              ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                  new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery q) {
                      answerer.answer(q, new DatagramDnsResponse(q.recipient(), q.sender(), q.id()),
                          ctx::writeAndFlush);
                    }
                  });
            }
          })
          .bind(listen).syncUninterruptibly().channel();
      Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(),
                  new SimpleChannelInboundHandler<DnsQuery>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery q) {
                      answerer.answer(q, new DefaultDnsResponse(q.id()), ctx::writeAndFlush);
                    }
                  });
            }
          })
          .bind(listen).syncUninterruptibly().channel();
      logger.info("DNS on {} (udp+tcp): *.*.mesh -> {}, the rest to {}", config.listen(),
          outboundAddress, servers);
      return new MeshDnsServer(group, upstream, udp, tcp);
    } catch (UnknownHostException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("dns.listen: cannot serve on " + config.listen() + ": " + e, e);
    }
  }

  private static List<InetSocketAddress> upstreams(DnsConfig config) {
    List<InetSocketAddress> servers = new ArrayList<>();
    if (!config.forwardTo().isEmpty()) {
      for (HostPort hp : config.forwardTo()) {
        servers.add(new InetSocketAddress(hp.host(), hp.port()));
      }
      return servers;
    }
    Path resolvConf = Path.of("/etc/resolv.conf");
    try {
      for (InetSocketAddress ns : ResolvConf.nameservers(resolvConf)) {
        // Never forward to ourselves (a resolv.conf already pointing at this resolver).
        if (!(ns.getHostString().equals(config.listen().host()) && ns.getPort() == config.listen().port())) {
          servers.add(ns);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("dns.forwardTo: not set, and " + resolvConf + " cannot be read: " + e, e);
    }
    if (servers.isEmpty()) {
      throw new IllegalStateException(
          "dns.forwardTo: not set, and " + resolvConf + " names no other nameserver");
    }
    return servers;
  }

  /** The bound UDP address (the TCP one is {@link #tcpAddress}). */
  public InetSocketAddress udpAddress() {
    return (InetSocketAddress) udp.localAddress();
  }

  public InetSocketAddress tcpAddress() {
    return (InetSocketAddress) tcp.localAddress();
  }

  @Override
  public void close() {
    udp.close().syncUninterruptibly();
    tcp.close().syncUninterruptibly();
    upstream.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
