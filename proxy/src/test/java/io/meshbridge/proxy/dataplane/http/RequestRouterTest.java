package io.meshbridge.proxy.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.RouteAction.WeightedCluster;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRouterTest {

  private final StatsCache stats = new StatsCache(new StatsRegistry());
  private final Snapshot snapshot =
      Snapshot.build(TestRoutes.base().build(), Snapshot.EMPTY, stats);
  private final ListenerState listener = snapshot.listeners().get("l");

  @Test
  void forwardsToTheRoutedCluster() {
    RequestRouter.Decision d = RequestRouter.route(snapshot, listener, Requests.get("orders.mesh", "/api/1"));
    assertThat(d).isInstanceOf(RequestRouter.Forward.class);
    assertThat(((RequestRouter.Forward) d).cluster().name()).isEqualTo("orders");
  }

  @Test
  void noRouteNamesHostAndPath() {
    assertThat(RequestRouter.route(snapshot, listener, Requests.get("x.mesh", "/y")))
        .isEqualTo(new RequestRouter.NoRoute("no route for host 'x.mesh' path '/y'"));
  }

  @Test
  void missingClusterIsNamed() {
    assertThat(RequestRouter.route(snapshot, listener, Requests.get("ghost.mesh", "/")))
        .isEqualTo(new RequestRouter.NoCluster("cluster 'missing' not found"));
  }

  @Test
  void anUnknownRouteTableRoutesNothing() {
    ListenerState other =
        new ListenerState(
            new ListenerConfig("l", "127.0.0.1", 1, "nope", "p"), stats.listener("p"));
    assertThat(RequestRouter.route(snapshot, other, Requests.get("orders.mesh", "/api")))
        .isInstanceOf(RequestRouter.NoRoute.class);
  }

  @Test
  void weightedClustersSplitByWeight() {
    List<WeightedCluster> split =
        List.of(new WeightedCluster("a", 90), new WeightedCluster("z", 0),
            new WeightedCluster("b", 10));
    assertThat(RequestRouter.pick(split, 0)).isEqualTo("a");
    assertThat(RequestRouter.pick(split, 89)).isEqualTo("a");
    assertThat(RequestRouter.pick(split, 90)).isEqualTo("b");
    assertThat(RequestRouter.pick(split, 99)).isEqualTo("b");
    assertThatThrownBy(() -> RequestRouter.pick(split, 100))
        .hasMessage("point: 100 (expected: < 100)");
  }
}
