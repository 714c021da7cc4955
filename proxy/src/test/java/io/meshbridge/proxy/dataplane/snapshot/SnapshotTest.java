package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.testing.Requests;
import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  private final StatsRegistry registry = new StatsRegistry();
  private final StatsCache stats = new StatsCache(registry);

  private ProxyConfig base() {
    return config()
        .listener("l", 8080, "rt")
        .routes("rt", vhost("v", List.of("*"), prefix("/", "c")))
        .cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80, Health.UNHEALTHY, 1))
        .build();
  }

  @Test
  void compilesEverything() {
    Snapshot s = Snapshot.build(base(), Snapshot.EMPTY, stats);
    assertThat(s.listeners()).containsKey("l");
    assertThat(Requests.clusterOf(s.routes().get("rt").route(Requests.get("any", "/x")))).isEqualTo("c");
    assertThat(s.clusters().get("c").endpoints().keys())
        .containsExactly(new UpstreamKey("c", "10.0.0.1", 80));
    assertThat(s.upstreams()).containsExactly(new UpstreamKey("c", "10.0.0.1", 80));
  }

  @Test
  void unchangedEndpointsAndRoutesAreCarriedOver() {
    Snapshot s1 = Snapshot.build(base(), Snapshot.EMPTY, stats);
    Snapshot s2 = Snapshot.build(base(), s1, stats);
    assertThat(s2.clusters().get("c").endpoints()).isSameAs(s1.clusters().get("c").endpoints());
    assertThat(s2.routes().get("rt")).isSameAs(s1.routes().get("rt"));
    assertThat(s2.clusters().get("c").stats()).isSameAs(s1.clusters().get("c").stats());
  }

  @Test
  void changedEndpointsAreNew() {
    Snapshot s1 = Snapshot.build(base(), Snapshot.EMPTY, stats);
    ProxyConfig more =
        config().cluster("c", endpoint("10.0.0.1", 80), endpoint("10.0.0.3", 80)).build();
    Snapshot s2 = Snapshot.build(more, s1, stats);
    assertThat(s2.clusters().get("c").endpoints()).isNotSameAs(s1.clusters().get("c").endpoints());
  }

  @Test
  void listenerStatsAreLabelledWithTheStatPrefix() {
    Snapshot s = Snapshot.build(base(), Snapshot.EMPTY, stats);
    s.listeners().get("l").stats().requests().increment();
    assertThat(registry.prometheusText()).contains("downstream_rq_total{listener=\"stat_l\"} 1");
  }

  @Test
  void withListenersReplacesOnlyListeners() {
    Snapshot s = Snapshot.build(base(), Snapshot.EMPTY, stats);
    ListenerConfig old = new ListenerConfig("l", "127.0.0.1", 9090, "old-rt", "p");
    Snapshot restored = s.withListeners(Map.of("l", old), stats);
    assertThat(restored.listeners().get("l").config()).isEqualTo(old);
    assertThat(restored.clusters()).isEqualTo(s.clusters());
  }
}
