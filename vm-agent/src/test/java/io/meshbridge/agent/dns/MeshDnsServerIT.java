package io.meshbridge.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.agent.config.DnsConfig;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuery;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryEncoder;
import io.netty.handler.codec.dns.TcpDnsResponseDecoder;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resolver against a client on UDP and TCP, and a fake upstream resolver on loopback. */
class MeshDnsServerIT {

  private final FakeUpstreamDns upstream = new FakeUpstreamDns();
  private final MeshDnsServer dns = MeshDnsServer.start(
      new DnsConfig(new HostPort("127.0.0.1", 0),
          List.of(new HostPort("127.0.0.1", upstream.address().getPort())),
          Duration.ofSeconds(30), Duration.ofSeconds(5)),
      "127.0.0.2");
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final DnsNameResolver client = new DnsNameResolverBuilder(group.next())
      .datagramChannelType(NioDatagramChannel.class)
      .nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.udpAddress()))
      .build();

  @AfterEach
  void tearDown() {
    client.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    dns.close();
    upstream.close();
  }

  private byte[] udpA(String name) throws Exception {
    AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
        client.query(new DefaultDnsQuestion(name, DnsRecordType.A)).get();
    try {
      DnsResponse r = envelope.content();
      assertThat(r.code()).isEqualTo(DnsResponseCode.NOERROR);
      if (r.count(DnsSection.ANSWER) == 0) {
        return new byte[0];
      }
      DnsRawRecord a = r.recordAt(DnsSection.ANSWER, 0);
      return ByteBufUtil.getBytes(a.content());
    } finally {
      envelope.release();
    }
  }

  @Test
  void meshNamesAreAnsweredWithTheOutboundAddressOverUdp() throws Exception {
    assertThat(udpA("orders.shop.mesh.")).containsExactly(127, 0, 0, 2);
    assertThat(upstream.questions()).isEmpty();
  }

  @Test
  void otherNamesAreForwardedToTheUpstreamResolver() throws Exception {
    assertThat(udpA("example.org.")).isEqualTo(FakeUpstreamDns.ANSWER);
    assertThat(upstream.questions()).containsExactly("example.org.");
    // Not a mesh service name (four labels): forwarded too.
    assertThat(udpA("a.orders.shop.mesh.")).isEqualTo(FakeUpstreamDns.ANSWER);
  }

  @Test
  void answersOverTcp() throws Exception {
    assertThat(tcpA("orders.shop.mesh.")).containsExactly(127, 0, 0, 2);
    assertThat(tcpA("example.org.")).isEqualTo(FakeUpstreamDns.ANSWER);
  }

  private byte[] tcpA(String name) throws Exception {
    EmbeddedChannel encoder = new EmbeddedChannel(new TcpDnsQueryEncoder());
    encoder.writeOutbound(new DefaultDnsQuery(42)
        .setRecursionDesired(true)
        .addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A)));
    ByteBuf query = encoder.readOutbound();
    try (Socket socket = new Socket(dns.tcpAddress().getAddress(), dns.tcpAddress().getPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(ByteBufUtil.getBytes(query));
      out.flush();
      query.release();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length = in.readUnsignedShort();
      byte[] body = new byte[length];
      in.readFully(body);
      ByteBuf framed = Unpooled.buffer(2 + length).writeShort(length).writeBytes(body);
      EmbeddedChannel decoder = new EmbeddedChannel(new TcpDnsResponseDecoder());
      decoder.writeInbound(framed);
      DnsResponse r = decoder.readInbound();
      try {
        assertThat(r.id()).isEqualTo(42);
        DnsRawRecord a = r.recordAt(DnsSection.ANSWER, 0);
        return ByteBufUtil.getBytes(a.content());
      } finally {
        r.release();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
      }
    }
  }
}
