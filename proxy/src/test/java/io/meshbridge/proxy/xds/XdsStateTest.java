package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.cluster;
import static io.meshbridge.proxy.xds.XdsResources.endpoints;
import static io.meshbridge.proxy.xds.XdsResources.listener;
import static io.meshbridge.proxy.xds.XdsResources.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.meshbridge.proxy.config.ProxyConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsStateTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final XdsState state = new XdsState();

  @Test
  void subscribesToWhatListenersAndClustersReferenceAndIsReadyOnceAllArrived() {
    apply(ResourceType.CDS, cluster("a", 1), staticCluster("s"));
    apply(ResourceType.LDS, listener("l1", 80, "r1"), apiListener("orders.shop.mesh:8080"));

    assertThat(state.updateSubscriptions()).containsExactly(ResourceType.EDS, ResourceType.RDS);
    assertThat(state.updateSubscriptions()).isEmpty();
    assertThat(state.routes.resourceNames()).containsExactly("r1");
    assertThat(state.endpoints.resourceNames()).as("not the STATIC one").containsExactly("a");
    assertThat(state.apiListenerCount()).isEqualTo(1);
    assertThat(state.initialFetchDone()).isFalse();

    apply(ResourceType.RDS, route("r1", "a.b.mesh", "a"));
    assertThat(state.initialFetchDone()).isFalse();
    apply(ResourceType.EDS, endpoints("a", "10.0.0.1"));
    assertThat(state.initialFetchDone()).isTrue();

    ProxyConfig config = state.assemble();
    assertThat(config.listeners().keySet()).as("api listeners are not bound").containsExactly("l1");
    assertThat(config.routes().keySet()).containsExactly("r1");
    assertThat(config.clusters().keySet()).containsExactlyInAnyOrder("a", "s");
    assertThat(config.endpointsOf("s")).extracting(e -> e.host()).containsExactly("127.0.0.1");
    assertThat(config.endpointsOf("a")).extracting(e -> e.host()).containsExactly("10.0.0.1");
  }

  @Test
  void dropsTheStateOfNamesNoLongerReferenced() {
    apply(ResourceType.CDS, cluster("a", 1));
    apply(ResourceType.LDS, listener("l1", 80, "r1"));
    state.updateSubscriptions();
    apply(ResourceType.RDS, route("r1", "a.b.mesh", "a"));
    apply(ResourceType.EDS, endpoints("a", "10.0.0.1"));

    apply(ResourceType.CDS, cluster("b", 1));
    apply(ResourceType.LDS, listener("l1", 80, "r2"));

    assertThat(state.updateSubscriptions()).containsExactly(ResourceType.EDS, ResourceType.RDS);
    assertThat(state.assemble().routes()).isEmpty();
    assertThat(state.assemble().endpoints()).isEmpty();
    assertThat(state.endpoints.resourceNames()).containsExactly("b");
  }

  private void apply(ResourceType<?, ?> type, Message... resources) {
    DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder().setVersionInfo("1");
    for (Message resource : resources) {
      response.addResources(Any.pack(resource));
    }
    complete(state.of(type), response.build());
  }

  private static <V> void complete(ResourceState<?, V> typeState, DiscoveryResponse response) {
    Update<V> update = typeState.apply(XdsResponse.of(response), NOW);
    assertThat(update.errorDetail()).isNull();
    typeState.complete(update, NOW);
  }

  private static Cluster staticCluster(String name) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.STATIC)
        .setLoadAssignment(endpoints(name, "127.0.0.1"))
        .build();
  }

  private static Listener apiListener(String name) {
    return Listener.newBuilder()
        .setName(name)
        .setApiListener(ApiListener.getDefaultInstance())
        .build();
  }
}
