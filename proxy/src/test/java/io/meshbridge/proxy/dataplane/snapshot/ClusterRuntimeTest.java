package io.meshbridge.proxy.dataplane.snapshot;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What a cluster keeps across snapshots: breakers, detector, ejections by address. */
class ClusterRuntimeTest {

  private final StatsRegistry registry = new StatsRegistry();
  private final StatsCache stats = new StatsCache(registry);
  private final AtomicLong now = new AtomicLong();
  private final ClusterEnvironment env = new ClusterEnvironment(null, now::get);

  private static ClusterConfig cluster(
      @Nullable OutlierDetectionConfig detection, int maxRequests) {
    return new ClusterConfig("c", "c", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
        LbSettings.DEFAULTS, new CircuitBreakerThresholds(1024, 1024, maxRequests, 3), detection);
  }

  private static final OutlierDetectionConfig ONE_5XX =
      new OutlierDetectionConfig(1, 5, Duration.ofSeconds(1), Duration.ofSeconds(30),
          Duration.ofSeconds(300), 50, 100, 0);

  private Snapshot build(ClusterConfig cluster, Snapshot before, EndpointConfig... endpoints) {
    ProxyConfig config = config().cluster(cluster, endpoints).build();
    return Snapshot.build(config, before, stats, env);
  }

  private static Set<String> picks(Snapshot s) {
    Endpoints e = s.clusters().get("c").endpoints();
    Set<String> out = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      out.add(e.key(e.pick()).host());
    }
    return out;
  }

  @Test
  void anEjectedHostStaysEjectedAcrossAnEdsUpdateAndIsNeverPicked() {
    Snapshot s1 = build(cluster(ONE_5XX, 10), Snapshot.EMPTY,
        endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80));
    Endpoints e1 = s1.clusters().get("c").endpoints();
    e1.responded(1, 503, 1_000);
    assertThat(picks(s1)).containsExactly("10.0.0.1");

    Snapshot s2 = build(cluster(ONE_5XX, 10), s1,
        endpoint("10.0.0.3", 80), endpoint("10.0.0.2", 80), endpoint("10.0.0.1", 80));

    assertThat(s2.clusters().get("c").endpoints()).isNotSameAs(e1);
    assertThat(picks(s2)).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.3");
    assertThat(registry.prometheusText())
        .contains("outlier_detection_ejections_active{cluster=\"c\"} 1");

    s2.clusters().get("c").runtime().detector().onInterval(); // nothing due yet
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    s2.clusters().get("c").runtime().detector().onInterval();
    assertThat(picks(s2)).contains("10.0.0.2");
  }

  @Test
  void breakersAreTheSameAcrossUpdatesAndDetectionCanBeSwitchedOff() {
    Snapshot s1 = build(cluster(ONE_5XX, 1), Snapshot.EMPTY, endpoint("10.0.0.1", 80));
    ClusterState c1 = s1.clusters().get("c");
    assertThat(c1.breakers().tryAcquireRequest()).isTrue();

    Snapshot s2 = build(cluster(null, 2), s1, endpoint("10.0.0.1", 80));
    ClusterState c2 = s2.clusters().get("c");

    assertThat(c2.breakers()).isSameAs(c1.breakers());
    assertThat(c2.breakers().tryAcquireRequest()).as("one of two taken before the update").isTrue();
    assertThat(c2.breakers().tryAcquireRequest()).isFalse();
    assertThat(c2.runtime().detector()).isNull();
    assertThat(c2.endpoints()).as("rebuilt without a detector").isNotSameAs(c1.endpoints());
    c2.endpoints().responded(0, 503, 1); // no detector: nothing happens
    assertThat(picks(s2)).containsExactly("10.0.0.1");
  }
}
