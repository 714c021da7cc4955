package io.meshbridge.proxy.dataplane.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.DownstreamTransport;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TLS inspector's choice on the first byte, with no TLS context built (a secret missing). */
@ExtendWith(LeakCheck.class)
class DownstreamTlsTest {

  private static final DownstreamTlsConfig TLS = new DownstreamTlsConfig(new TlsSettings(
      new TlsSettings.CertificateSource.Sds(new SecretRef("default", true)),
      new TlsSettings.TrustSource.Sds(new SecretRef("ROOTCA", false)), List.of(), List.of(),
      "TLSv1.2"), true);

  private final StatsRegistry registry = new StatsRegistry();
  private final TlsStats stats = new TlsStats(registry);
  private final AtomicInteger httpAdded = new AtomicInteger();

  private EmbeddedChannel channel(boolean plaintext) {
    EmbeddedChannel ch = new EmbeddedChannel();
    DownstreamTls.init(ch, new DownstreamTransport(TLS, plaintext, true),
        TlsContexts.EMPTY.rebuild(List.of(TLS), List.of(), Map.of(), Map.of()), stats, "in_80",
        httpAdded::incrementAndGet);
    return ch;
  }

  @Test
  void permissivePassesPlaintextOnUntouched() {
    EmbeddedChannel ch = channel(true);
    ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));

    assertThat(httpAdded).hasValue(1);
    ByteBuf passed = ch.readInbound();
    assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\n");
    passed.release();
    assertThat(ch.isOpen()).isTrue();
    ch.finishAndReleaseAll();
  }

  @Test
  void strictClosesPlaintextAndCountsIt() {
    EmbeddedChannel ch = channel(false);
    ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));

    assertThat(ch.isOpen()).isFalse();
    assertThat(httpAdded).hasValue(0);
    assertThat(stats.noFilterChainMatch("in_80").sum()).isEqualTo(1);
  }

  @Test
  void aClientHelloWithoutAContextClosesAndCountsAConnectionError() {
    EmbeddedChannel ch = channel(true);
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05}));

    assertThat(ch.isOpen()).isFalse();
    assertThat(stats.connectionErrors("listener", "in_80").sum()).isEqualTo(1);
    assertThat(registry.prometheusText())
        .contains("ssl_connection_error_total{listener=\"in_80\"} 1");
  }
}
