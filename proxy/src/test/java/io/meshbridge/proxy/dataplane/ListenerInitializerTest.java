package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.dataplane.http.DownstreamHandler;
import io.meshbridge.proxy.dataplane.http.Worker;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class ListenerInitializerTest {

  private final StatsRegistry registry = new StatsRegistry();
  private final Snapshot snapshot =
      Snapshot.build(
          config().listener("l", 80, "rt").build(), Snapshot.EMPTY, new StatsCache(registry));
  private final Worker worker =
      new Worker(
          new UpstreamPool(
              (key, timeout) -> {
                throw new AssertionError("no upstream expected");
              },
              key -> true,
              Duration.ofSeconds(1)));
  private final ListenerSocket socket =
      new ListenerSocket("l", snapshot.listeners().get("l").config());

  @Test
  void installsTheCodecAndAProxyHandlerAndTracksTheConnection() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new ListenerInitializer("l", socket, () -> snapshot, loop -> worker, 1_000_000L));
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
            new ListenerInitializer("l", socket, () -> snapshot, loop -> worker, 1_000_000L));
    assertThat(ch.isOpen()).isFalse();
  }
}
