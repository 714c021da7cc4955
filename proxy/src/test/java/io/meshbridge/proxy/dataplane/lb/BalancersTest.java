package io.meshbridge.proxy.dataplane.lb;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancersTest {

  private final StatsCache stats = new StatsCache(new StatsRegistry());
  private final Balancers balancers = new Balancers();

  private String pick(Snapshot s, String cluster) {
    var state = s.clusters().get(cluster);
    int i = balancers.pick(state);
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
  void forgetsRemovedClusters() {
    Snapshot s1 =
        Snapshot.build(
            config().cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80)).build(),
            Snapshot.EMPTY,
            stats);
    assertThat(pick(s1, "c")).isEqualTo("10.0.0.1:80");
    balancers.retain(Set.of());
    assertThat(pick(s1, "c")).isEqualTo("10.0.0.1:80");
  }
}
