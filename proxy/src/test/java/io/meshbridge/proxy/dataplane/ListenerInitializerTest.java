package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.dataplane.http.DownstreamHandler;
import io.meshbridge.proxy.dataplane.http.Worker;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.tcp.TcpListener;
import io.meshbridge.proxy.dataplane.tcp.TcpConnector;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class ListenerInitializerTest {

  private final StatsRegistry registry = new StatsRegistry();
  private final Snapshot snapshot =
      Snapshot.build(
          config()
              .listener(ListenerConfig.http("l", "127.0.0.1", 80, "rt", "stat_l", HttpCodec.HTTP1))
              .build(),
          Snapshot.EMPTY,
          new StatsCache(registry));
  private final Worker worker =
      new Worker(
          new UpstreamPool(
              (key, timeout) -> {
                throw new AssertionError("no upstream expected");
              },
              key -> true,
              Duration.ofSeconds(1)));
  private final TcpListener tcp =
      new TcpListener(
          new TcpConnector(NioSocketChannel.class, DefaultAddressResolverGroup.INSTANCE),
          new StatsCache(registry));
  private final ListenerSocket socket =
      new ListenerSocket("l", snapshot.listeners().get("l").config());

  @Test
  void installsTheCodecAndAProxyHandlerAndTracksTheConnection() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new ListenerInitializer("l", socket, () -> snapshot, loop -> worker, 1_000_000L, tcp));
    assertThat(ch.pipeline().get(HttpServerCodec.class)).isNotNull();
    assertThat(ch.pipeline().get(DownstreamHandler.class)).isNotNull();
    assertThat(socket.connections().contains(ch)).isTrue();
    assertThat(registry.prometheusText()).contains("downstream_cx_active{listener=\"stat_l\"} 1");
    ch.finishAndReleaseAll();
    assertThat(socket.connections().isEmpty()).isTrue();
    assertThat(registry.prometheusText()).contains("downstream_cx_active{listener=\"stat_l\"} 0");
  }

  @Test
  void aConnectionOfADrainingSocketClosesAtOnce() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    socket.drain(Duration.ofSeconds(1), timer);
    timer.shutdownNow();
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new ListenerInitializer("l", socket, () -> snapshot, loop -> worker, 1_000_000L, tcp));
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aTcpListenerGetsARelayNotTheHttpCodec() {
    ListenerConfig l4 =
        ListenerConfig.tcp(
            "l", "127.0.0.1", 80, false,
            List.of(TcpChain.any(TcpProxyConfig.single("tcp_l", "missing"))));
    Snapshot tcpSnapshot =
        Snapshot.build(config().listener(l4).build(), Snapshot.EMPTY, new StatsCache(registry));
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new ListenerInitializer("l", socket, () -> tcpSnapshot, loop -> worker, 1L, tcp));
    assertThat(ch.pipeline().get(HttpServerCodec.class)).isNull();
    assertThat(ch.isOpen()).as("closed: no cluster 'missing'").isFalse();
    assertThat(registry.prometheusText())
        .contains("tcp_no_route_total{stat_prefix=\"tcp_l\"} 1")
        .contains("tcp_downstream_cx_active{stat_prefix=\"tcp_l\"} 0");
  }
}
