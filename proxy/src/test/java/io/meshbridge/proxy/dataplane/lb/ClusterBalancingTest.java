package io.meshbridge.proxy.dataplane.lb;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import org.junit.jupiter.api.Test;

class ClusterBalancingTest {

  private final StatsCache stats = new StatsCache(new StatsRegistry());
  private static String pick(Snapshot s, String cluster) {
    var state = s.clusters().get(cluster);
    int i = state.endpoints().pick();
    return i < 0 ? "none" : state.endpoints().key(i).authority();
  }

  @Test
  void alternationSurvivesAnUnrelatedUpdate() {
    ProxyConfig one =
        config().cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80)).build();
    Snapshot s1 = Snapshot.build(one, Snapshot.EMPTY, stats);
    assertThat(pick(s1, "c")).isEqualTo("10.0.0.1:80");

    ProxyConfig two =
        config()
            .cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80))
            .cluster("other", endpoint("10.0.0.9", 80))
            .build();
    Snapshot s2 = Snapshot.build(two, s1, stats);
    assertThat(pick(s2, "c")).isEqualTo("10.0.0.2:80");
    assertThat(pick(s2, "c")).isEqualTo("10.0.0.1:80");
  }

  @Test
  void newEndpointSetStartsOver() {
    Snapshot s1 =
        Snapshot.build(
            config().cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80)).build(),
            Snapshot.EMPTY,
            stats);
    assertThat(pick(s1, "c")).isEqualTo("10.0.0.1:80");
    Snapshot s2 =
        Snapshot.build(
            config()
                .cluster(
                    "c",
                    endpoint("10.0.0.1", 80),
                    endpoint("10.0.0.2", 80),
                    endpoint("10.0.0.3", 80))
                .build(),
            s1,
            stats);
    assertThat(pick(s2, "c")).isEqualTo("10.0.0.1:80");
    assertThat(pick(s2, "c")).isEqualTo("10.0.0.2:80");
    assertThat(pick(s2, "c")).isEqualTo("10.0.0.3:80");
  }

  @Test
  void onlyEndpointsThatServeTraffic() {
    Snapshot s =
        Snapshot.build(
            config()
                .cluster(
                    "c",
                    endpoint("10.0.0.1", 80, Health.UNHEALTHY, 1),
                    endpoint("10.0.0.2", 80, Health.UNKNOWN, 1),
                    endpoint("10.0.0.3", 80, Health.DRAINING, 1))
                .cluster("dead", endpoint("10.0.0.4", 80, Health.UNHEALTHY, 1))
                .build(),
            Snapshot.EMPTY,
            stats);
    assertThat(pick(s, "c")).isEqualTo("10.0.0.2:80");
    assertThat(pick(s, "c")).isEqualTo("10.0.0.2:80");
    assertThat(pick(s, "dead")).isEqualTo("none");
  }

  @Test
  void honoursWeights() {
    Snapshot s =
        Snapshot.build(
            config()
                .cluster(
                    "c",
                    endpoint("10.0.0.1", 80, Health.HEALTHY, 3),
                    endpoint("10.0.0.2", 80, Health.HEALTHY, 1))
                .build(),
            Snapshot.EMPTY,
            stats);
    int first = 0;
    for (int i = 0; i < 400; i++) {
      if (pick(s, "c").equals("10.0.0.1:80")) {
        first++;
      }
    }
    assertThat(first).isEqualTo(300);
  }

  @Test
  void alternatesAcrossEventLoopsNotPerLoop() throws Exception {
    // Two threads stand in for two event loops; a new connection per request lands on either.
    // Global alternation means that over any 2n picks each endpoint is chosen exactly n times,
    // and consecutive picks (in the order they were made) never repeat an endpoint.
    Snapshot s =
        Snapshot.build(
            config().cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80)).build(),
            Snapshot.EMPTY,
            stats);
    java.util.concurrent.ExecutorService loops =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.List<String> order = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        order.add(loops.submit(() -> pick(s, "c")).get());
      }
      for (int i = 1; i < order.size(); i++) {
        assertThat(order.get(i)).isNotEqualTo(order.get(i - 1));
      }
      assertThat(order).filteredOn("10.0.0.1:80"::equals).hasSize(10);
    } finally {
      loops.shutdownNow();
    }
  }
}
