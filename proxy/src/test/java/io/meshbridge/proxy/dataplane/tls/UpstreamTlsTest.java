package io.meshbridge.proxy.dataplane.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ClientHello of an upstream TLS connection: the provider, and the SNI it carries. */
@ExtendWith(LeakCheck.class)
class UpstreamTlsTest {

  @Test
  void theProxyUsesOpenSslHere() {
    assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause())
        .isTrue();
    assertThat(SslContexts.PROVIDER).isEqualTo(io.netty.handler.ssl.SslProvider.OPENSSL);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "outbound_.8080_._.orders.shop.svc.cluster.local", // Istio's, with underscores
      "outbound_.9080_.v1_.reviews.shop.mesh",
      "api.example.com"})
  void theClientHelloCarriesTheConfiguredSni(String sni) {
    UpstreamTlsConfig tls = new UpstreamTlsConfig(
        new TlsSettings(null, null, List.of(), List.of("http/1.1"), "TLSv1.2"), sni);
    TlsContexts contexts = TlsContexts.EMPTY.rebuild(List.of(), List.of(tls), Map.of(), Map.of());
    UpstreamTls upstream = new UpstreamTls(() -> contexts, new TlsStats(new StatsRegistry()));

    EmbeddedChannel client = new EmbeddedChannel();
    upstream.addTo(client, new UpstreamKey("outbound|8080||orders", "127.0.0.1", 8080, tls));
    assertThat(client.pipeline().get(SslHandler.class)).isNotNull();
    AtomicReference<String> seen = new AtomicReference<>("none");
    EmbeddedChannel server = new EmbeddedChannel(new SniCapture(seen));
    ByteBuf hello;
    while ((hello = client.readOutbound()) != null) {
      server.writeInbound(hello);
    }

    assertThat(seen).hasValue(sni);
    server.finishAndReleaseAll();
    client.finishAndReleaseAll();
  }

  /** Reads the server name of a ClientHello as a TLS server would (Netty's SNI parser). */
  private static final class SniCapture extends AbstractSniHandler<String> {
    private final AtomicReference<String> seen;

    SniCapture(AtomicReference<String> seen) {
      this.seen = seen;
    }

    @Override
    protected Future<String> lookup(ChannelHandlerContext ctx, String hostname) {
      return ctx.executor().newSucceededFuture(String.valueOf(hostname));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname,
        Future<String> future) {
      seen.set(String.valueOf(hostname));
    }
  }
}
