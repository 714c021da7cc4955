package io.meshbridge.proxy.dataplane.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.TestTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class SniRouterTest {

  private final TcpChain a = new TcpChain(List.of("a.example.com"), TcpProxyConfig.single("a", "a"));
  private final TcpChain b = new TcpChain(List.of("*.example.org"), TcpProxyConfig.single("b", "b"));
  private final List<TcpChain> started = new ArrayList<>();
  private final AtomicInteger noMatch = new AtomicInteger();
  private final List<@Nullable String> unmatched = new ArrayList<>();

  private EmbeddedChannel channel(TcpChain... chains) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(new SniRouter(
        new ChainSelector(List.of(chains)), 15_000, started::add, what -> {
          noMatch.incrementAndGet();
          unmatched.add(what);
        }));
    return ch;
  }

  /** A real ClientHello from the JDK's TLS client, with SNI {@code serverName}. */
  private static byte[] clientHello(String serverName) throws SSLException {
    SSLEngine engine = TestTls.context().createSSLEngine(serverName, 443);
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName(serverName)));
    engine.setSSLParameters(params);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }

  @Test
  void picksTheChainAndPassesTheClientHelloOnUntouched() throws SSLException {
    byte[] hello = clientHello("x.example.org");
    EmbeddedChannel ch = channel(a, b);
    // In two pieces: the inspector waits for the whole ClientHello.
    ch.writeInbound(Unpooled.wrappedBuffer(hello, 0, 10));
    assertThat(started).isEmpty();
    ch.writeInbound(Unpooled.wrappedBuffer(hello, 10, hello.length - 10));

    assertThat(started).containsExactly(b);
    assertThat(ch.pipeline().get(SniRouter.class)).as("stepped aside").isNull();
    ByteBuf passed = ch.readInbound();
    byte[] got = new byte[passed.readableBytes()];
    passed.readBytes(got).release();
    assertThat(got).isEqualTo(hello);
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void closesWhenNoChainMatches() throws SSLException {
    EmbeddedChannel ch = channel(a);
    ch.writeInbound(Unpooled.wrappedBuffer(clientHello("c.example.com")));

    assertThat(started).isEmpty();
    assertThat(noMatch).hasValue(1);
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }

  @Test
  void closesWhatIsNotTls() {
    EmbeddedChannel ch = channel(a);
    ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));

    assertThat(started).isEmpty();
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }

  private final TcpChain tlsChain =
      new TcpChain(List.of(), "tls", null, TcpProxyConfig.single("t", "t"), List.of());
  private final TcpChain rawChain =
      new TcpChain(List.of(), "raw_buffer", null, TcpProxyConfig.single("r", "r"), List.of());

  @Test
  void plaintextPicksTheRawBufferChainAtOnceAndTlsTheTlsChain() throws SSLException {
    EmbeddedChannel plain = channel(tlsChain, rawChain);
    plain.writeInbound(Unpooled.copiedBuffer("hi", StandardCharsets.US_ASCII)); // < a TLS header
    assertThat(started).containsExactly(rawChain);
    ByteBuf passed = plain.readInbound();
    assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("hi");
    passed.release();
    assertThat(plain.finishAndReleaseAll()).isFalse();

    EmbeddedChannel tls = channel(tlsChain, rawChain);
    tls.writeInbound(Unpooled.wrappedBuffer(clientHello("svc.shop.mesh")));
    assertThat(started).containsExactly(rawChain, tlsChain);
    tls.finishAndReleaseAll();
  }

  @Test
  void plaintextToATlsOnlyListenerMatchesNoChain() {
    EmbeddedChannel ch = channel(tlsChain);
    ch.writeInbound(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));

    assertThat(started).isEmpty();
    assertThat(unmatched).as("plaintext").containsExactly((String) null);
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }
}
