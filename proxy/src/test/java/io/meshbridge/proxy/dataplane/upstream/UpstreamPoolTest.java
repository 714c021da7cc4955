package io.meshbridge.proxy.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class UpstreamPoolTest {

  private static final UpstreamKey A = new UpstreamKey("c", "10.0.0.1", 80);
  private static final UpstreamKey B = new UpstreamKey("c", "10.0.0.2", 80);

  private final StatsRegistry registry = new StatsRegistry();
  private final ClusterStats stats = new StatsCache(registry).cluster("c");
  private final Set<UpstreamKey> configured = new HashSet<>(Set.of(A, B));
  private final EmbeddedConnector connector = new EmbeddedConnector();
  private final UpstreamPool pool =
      new UpstreamPool(connector, configured::contains, Duration.ofSeconds(60));

  private UpstreamHandler connected(UpstreamKey key) {
    ChannelFuture f = pool.connect(key, Duration.ofSeconds(1), stats);
    assertThat(f.isSuccess()).isTrue();
    return UpstreamPool.handlerOf(f.channel());
  }

  @AfterEach
  void close() {
    connector.closeAll();
  }

  @Test
  void releasedConnectionIsReusedMostRecentFirst() {
    UpstreamHandler first = connected(A);
    UpstreamHandler second = connected(A);
    pool.release(first, true);
    pool.release(second, true);
    assertThat(pool.idleCount(A)).isEqualTo(2);
    assertThat(pool.pollIdle(A)).isSameAs(second);
    assertThat(pool.pollIdle(A)).isSameAs(first);
    assertThat(pool.pollIdle(A)).isNull();
    assertThat(pool.pollIdle(B)).isNull();
  }

  @Test
  void notReusableIsClosed() {
    UpstreamHandler h = connected(A);
    pool.release(h, false);
    assertThat(h.channel().isOpen()).isFalse();
    assertThat(pool.idleCount(A)).isZero();
    assertThat(registry.prometheusText())
        .contains("upstream_cx_total{cluster=\"c\"} 1")
        .contains("upstream_cx_active{cluster=\"c\"} 0");
  }

  @Test
  void anIdleConnectionThatClosesIsDropped() {
    UpstreamHandler h = connected(A);
    pool.release(h, true);
    h.channel().close();
    assertThat(pool.idleCount(A)).isZero();
    assertThat(pool.pollIdle(A)).isNull();
  }

  @Test
  void idleTimeoutClosesTheConnection() {
    UpstreamHandler h = connected(A);
    pool.release(h, true);
    EmbeddedChannel ch = (EmbeddedChannel) h.channel();
    ch.advanceTimeBy(59, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    assertThat(pool.idleCount(A)).isZero();
  }

  @Test
  void aReusedConnectionTimesOutCountingFromItsLastReturnToThePool() {
    UpstreamHandler h = connected(A);
    EmbeddedChannel ch = (EmbeddedChannel) h.channel();
    pool.release(h, true);
    ch.advanceTimeBy(30, TimeUnit.SECONDS);
    assertThat(pool.pollIdle(A)).isSameAs(h);
    ch.advanceTimeBy(10, TimeUnit.SECONDS);
    pool.release(h, true); // idle again from t = 40 s

    ch.advanceTimeBy(20, TimeUnit.SECONDS); // t = 60 s: idle for 20 s only
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(39, TimeUnit.SECONDS); // t = 99 s
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(1, TimeUnit.SECONDS); // t = 100 s: idle for 60 s
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    assertThat(pool.idleCount(A)).isZero();
  }

  @Test
  void reuseCancelsTheIdleTimeout() {
    UpstreamHandler h = connected(A);
    pool.release(h, true);
    assertThat(pool.pollIdle(A)).isSameAs(h);
    EmbeddedChannel ch = (EmbeddedChannel) h.channel();
    ch.advanceTimeBy(61, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void connectionsToEndpointsThatLeftAreClosed() {
    UpstreamHandler idleA = connected(A);
    UpstreamHandler idleB = connected(B);
    UpstreamHandler busyA = connected(A);
    pool.release(idleA, true);
    pool.release(idleB, true);
    configured.remove(A);
    pool.closeUnconfigured();
    assertThat(idleA.channel().isOpen()).isFalse();
    assertThat(idleB.channel().isOpen()).isTrue();
    pool.release(busyA, true); // after its response
    assertThat(busyA.channel().isOpen()).isFalse();
  }

  @Test
  void connectFailuresAreCounted() {
    connector.fail = true;
    assertThat(pool.connect(A, Duration.ofSeconds(1), stats).isSuccess()).isFalse();
    assertThat(registry.prometheusText())
        .contains("upstream_cx_connect_fail_total{cluster=\"c\"} 1")
        .contains("upstream_cx_active{cluster=\"c\"} 0");
  }
}
