package io.meshbridge.proxy.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UpstreamPool#acquire} under the cluster's circuit breakers (Envoy's HTTP/1.1 pool). */
@ExtendWith(LeakCheck.class)
class PoolCircuitBreakersTest {

  private static final UpstreamKey A = new UpstreamKey("c", "10.0.0.1", 80);
  private static final UpstreamKey B = new UpstreamKey("c", "10.0.0.2", 80);

  private final StatsRegistry registry = new StatsRegistry();
  private final ClusterStats stats = new StatsCache(registry).cluster("c");
  private final EmbeddedConnector connector = new EmbeddedConnector();
  private final UpstreamPool pool =
      new UpstreamPool(connector, k -> true, Duration.ofSeconds(60));

  private CircuitBreakers breakers(int connections, int pending) {
    return new CircuitBreakers(
        new CircuitBreakerThresholds(connections, pending, 1024, 1024),
        stats.cxOverflow(), stats.pendingOverflow(), stats.retryOverflow());
  }

  /** Records what the pool answers. */
  private static final class Recorder implements UpstreamPool.Waiter {
    @Nullable UpstreamHandler connection;
    boolean reused;
    boolean failed;

    @Override
    public void onConnection(UpstreamHandler h, boolean reused) {
      this.connection = h;
      this.reused = reused;
    }

    @Override
    public void onConnectFailure(@Nullable Throwable cause) {
      failed = true;
    }
  }

  @AfterEach
  void close() {
    connector.closeAll();
  }

  @Test
  void overMaxConnectionsARequestWaitsForAReleasedConnection() {
    CircuitBreakers cb = breakers(1, 10);
    Recorder first = new Recorder();
    Recorder second = new Recorder();

    assertThat(pool.acquire(A, Duration.ofSeconds(1), stats, cb, first)).isTrue();
    assertThat(pool.acquire(A, Duration.ofSeconds(1), stats, cb, second)).isTrue();

    assertThat(first.connection).isNotNull();
    assertThat(second.connection).as("waits: max_connections 1").isNull();
    assertThat(pool.waitingCount(A)).isEqualTo(1);
    assertThat(cb.inUse(CircuitBreakers.Resource.PENDING_REQUESTS)).isEqualTo(1);
    assertThat(registry.prometheusText()).contains("upstream_cx_overflow{cluster=\"c\"} 1");

    pool.release(first.connection, true);
    assertThat(second.connection).isSameAs(first.connection);
    assertThat(second.reused).isTrue();
    assertThat(cb.inUse(CircuitBreakers.Resource.PENDING_REQUESTS)).isZero();
    assertThat(cb.inUse(CircuitBreakers.Resource.CONNECTIONS)).isEqualTo(1);

    second.connection.channel().close();
    assertThat(cb.inUse(CircuitBreakers.Resource.CONNECTIONS)).isZero();
  }

  @Test
  void overMaxPendingRequestsTheRequestIsRefused() {
    CircuitBreakers cb = breakers(1, 1);
    pool.acquire(A, Duration.ofSeconds(1), stats, cb, new Recorder());
    assertThat(pool.acquire(A, Duration.ofSeconds(1), stats, cb, new Recorder())).isTrue();

    assertThat(pool.acquire(A, Duration.ofSeconds(1), stats, cb, new Recorder())).isFalse();
    assertThat(registry.prometheusText())
        .contains("upstream_rq_pending_overflow{cluster=\"c\"} 1");
  }

  @Test
  void anEndpointWithoutAnyConnectionGetsOneEvenOverTheLimit() {
    CircuitBreakers cb = breakers(1, 10);
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    pool.acquire(A, Duration.ofSeconds(1), stats, cb, a);
    pool.acquire(B, Duration.ofSeconds(1), stats, cb, b);

    assertThat(b.connection).as("Envoy: at least one connection per pool").isNotNull();
    b.connection.channel().close();
    assertThat(cb.inUse(CircuitBreakers.Resource.CONNECTIONS))
        .as("the extra connection held no permit")
        .isEqualTo(1);
  }

  @Test
  void aCancelledWaiterReturnsItsPendingPermitAndAFailureLetsTheNextTry() {
    CircuitBreakers cb = breakers(1, 10);
    Recorder first = new Recorder();
    Recorder cancelled = new Recorder();
    Recorder third = new Recorder();
    pool.acquire(A, Duration.ofSeconds(1), stats, cb, first);
    pool.acquire(A, Duration.ofSeconds(1), stats, cb, cancelled);
    pool.acquire(A, Duration.ofSeconds(1), stats, cb, third);
    pool.cancel(A, cancelled);
    assertThat(cb.inUse(CircuitBreakers.Resource.PENDING_REQUESTS)).isEqualTo(1);

    first.connection.channel().close(); // frees the permit: the next waiter connects
    assertThat(cancelled.connection).isNull();
    assertThat(third.connection).isNotNull();
    assertThat(third.reused).isFalse();

    connector.fail = true;
    Recorder failing = new Recorder();
    third.connection.channel().close();
    pool.acquire(A, Duration.ofSeconds(1), stats, cb, failing);
    assertThat(failing.failed).isTrue();
    assertThat(cb.inUse(CircuitBreakers.Resource.PENDING_REQUESTS)).isZero();
    assertThat(cb.inUse(CircuitBreakers.Resource.CONNECTIONS)).isZero();
  }

  @Test
  void requestAndRetryPermitsAreCountedAndReturned() {
    CircuitBreakers cb =
        new CircuitBreakers(new CircuitBreakerThresholds(1, 1, 1, 0),
            stats.cxOverflow(), stats.pendingOverflow(), stats.retryOverflow());
    assertThat(cb.tryAcquireRequest()).isTrue();
    assertThat(cb.tryAcquireRequest()).isFalse();
    cb.releaseRequest();
    assertThat(cb.tryAcquireRequest()).isTrue();
    assertThat(cb.tryAcquireRetry()).isFalse();
    cb.update(new CircuitBreakerThresholds(1, 1, 1, 1));
    assertThat(cb.tryAcquireRetry()).as("new thresholds apply at once").isTrue();
    assertThat(registry.prometheusText())
        .contains("upstream_rq_pending_overflow{cluster=\"c\"} 1")
        .contains("upstream_rq_retry_overflow{cluster=\"c\"} 1");
  }
}
