package io.meshbridge.proxy.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.HttpProtocolOptions.Protocol;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pool enforces a cluster's max_requests_per_connection and idle_timeout. */
@ExtendWith(LeakCheck.class)
class ConnectionLimitsTest {

  private static final UpstreamKey LIMITED = new UpstreamKey("limited", "10.0.0.1", 80);
  private static final UpstreamKey PLAIN = new UpstreamKey("plain", "10.0.0.1", 80);

  private final ClusterStats stats = new StatsCache(new StatsRegistry()).cluster("c");
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private final UpstreamPool pool =
      new UpstreamPool(
          this::connect,
          key -> true,
          Duration.ofSeconds(60),
          key -> key.equals(LIMITED)
              ? new HttpProtocolOptions(Protocol.HTTP1, 2, Duration.ofSeconds(5))
              : HttpProtocolOptions.DEFAULT,
          null);

  private ChannelFuture connect(UpstreamKey key, Duration timeout) {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamHandler(key));
    ch.freezeTime();
    channels.add(ch);
    return ch.newSucceededFuture();
  }

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  /** One request on {@code h}, then back to the pool. */
  private void request(UpstreamHandler h) {
    h.bind(NO_OP);
    h.unbind();
    pool.release(h, true);
  }

  @Test
  void aConnectionClosesAfterMaxRequests() {
    UpstreamHandler h =
        UpstreamPool.handlerOf(pool.connect(LIMITED, Duration.ofSeconds(1), stats).channel());
    request(h);
    assertThat(pool.pollIdle(LIMITED)).isSameAs(h);
    request(h);
    assertThat(h.channel().isOpen()).as("closed after its 2nd request").isFalse();
    assertThat(pool.pollIdle(LIMITED)).isNull();
  }

  @Test
  void theClusterIdleTimeoutReplacesTheDefault() {
    UpstreamHandler limited =
        UpstreamPool.handlerOf(pool.connect(LIMITED, Duration.ofSeconds(1), stats).channel());
    UpstreamHandler plain =
        UpstreamPool.handlerOf(pool.connect(PLAIN, Duration.ofSeconds(1), stats).channel());
    request(limited);
    request(plain);
    for (EmbeddedChannel ch : channels) {
      ch.advanceTimeBy(6, TimeUnit.SECONDS);
      ch.runScheduledPendingTasks();
    }
    assertThat(limited.channel().isOpen()).as("5 s idle timeout").isFalse();
    assertThat(plain.channel().isOpen()).as("the default 60 s").isTrue();
  }

  private static final UpstreamListener NO_OP =
      new UpstreamListener() {
        @Override
        public void onResponse(HttpObject msg) {}

        @Override
        public void onResponseReadComplete() {}

        @Override
        public void onUpstreamWritabilityChanged() {}

        @Override
        public void onUpstreamClosed(@Nullable Throwable cause) {}
      };
}
