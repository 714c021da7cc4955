package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.cluster;
import static io.meshbridge.proxy.xds.XdsResources.endpoints;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.meshbridge.proxy.config.EndpointConfig;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceStateTest {

  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:01:00Z");

  private final ResourceState<Cluster, ClusterResource> clusters =
      new ResourceState<>(ResourceType.CDS);
  private final ResourceState<?, List<EndpointConfig>> endpoints =
      new ResourceState<>(ResourceType.EDS);

  @Test
  void aWildcardResponseReplacesAddsAndDeletesAndKeepsUnchangedResourcesAsTheyWere() {
    ack(clusters, response("1", cluster("a", 1), cluster("b", 1)), T1);

    ack(clusters, response("2", cluster("a", 1), cluster("c", 1)), T2);

    assertThat(clusters.accepted().keySet()).containsExactly("a", "c");
    assertThat(clusters.accepted().get("a").version()).as("unchanged").isEqualTo("1");
    assertThat(clusters.accepted().get("a").updated()).isEqualTo(T1);
    assertThat(clusters.accepted().get("c").version()).isEqualTo("2");
    assertThat(clusters.version()).isEqualTo("2");
  }

  @Test
  void aBadResourceKeepsItsPreviousVersionAndTheResponseIsNacked() {
    ack(clusters, response("1", cluster("a", 1)), T1);
    Cluster bad =
        cluster("a", 2).toBuilder().setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build();

    Update<ClusterResource> update = clusters.apply(response("2", bad, cluster("b", 1)), T2);
    boolean repeated = clusters.complete(update, T2);

    assertThat(update.errorDetail())
        .isEqualTo("Cluster a: lb_policy: CLUSTER_PROVIDED is not supported "
            + "(supported: ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH, MAGLEV, or "
            + "load_balancing_policy with type.meshbridge.io/meshbridge.lb.PeakEwma)");
    assertThat(repeated).isFalse();
    assertThat(clusters.accepted().get("a").resource()).isEqualTo(cluster("a", 1));
    assertThat(clusters.accepted()).containsKey("b");
    assertThat(clusters.version()).as("NACK keeps the version").isEqualTo("1");
    assertThat(clusters.dump().rejected().get("a").details()).isEqualTo(update.errorDetail());
    assertThat(clusters.dump().lastNack().version()).isEqualTo("2");

    Update<ClusterResource> resend = clusters.apply(response("2", bad, cluster("b", 1)), T2);
    assertThat(clusters.complete(resend, T2)).as("a resend is recognised").isTrue();
    ack(clusters, response("3", cluster("a", 3), cluster("b", 1)), T2);
    assertThat(clusters.dump().rejected()).as("fixed").isEmpty();
  }

  @Test
  void anUndecodableResourceIsReportedAndDeletesNothing() {
    ack(clusters, response("1", cluster("a", 1)), T1);
    DiscoveryResponse broken = DiscoveryResponse.newBuilder()
        .setVersionInfo("2")
        .addResources(Any.newBuilder().setTypeUrl(ResourceType.CDS.typeUrl())
            .setValue(ByteString.copyFromUtf8("\u0001garbage")))
        .build();

    Update<ClusterResource> update = clusters.apply(broken, T2);

    assertThat(update.errorDetail()).startsWith("Cluster resources[0]: cannot be decoded: ");
    assertThat(clusters.accepted()).containsKey("a");
  }

  @Test
  void duplicateNamesAreRejectedAndWrappedResourcesAccepted() {
    Any wrapped = Any.pack(Resource.newBuilder().setResource(Any.pack(cluster("w", 1))).build());
    DiscoveryResponse response = response("1", cluster("d", 1), cluster("d", 2)).toBuilder()
        .addResources(wrapped)
        .build();

    Update<ClusterResource> update = clusters.apply(response, T1);

    assertThat(update.errorDetail()).isEqualTo("Cluster d: listed twice in one response");
    assertThat(clusters.accepted().keySet()).containsExactly("w");
  }

  @Test
  void aNamedTypeIgnoresNamesNotSubscribedToAndForgetsNamesDropped() {
    endpoints.subscribe(Set.of("a", "b"));
    ack(endpoints, response("1", endpoints("a", "10.0.0.1"), endpoints("x", "10.0.0.2")), T1);
    assertThat(endpoints.accepted().keySet()).containsExactly("a");
    assertThat(endpoints.initialFetchDone()).as("b not received yet").isFalse();

    ack(endpoints, response("2", endpoints("b", "10.0.0.3")), T2);
    assertThat(endpoints.accepted().keySet()).as("not a wildcard").containsExactly("a", "b");
    assertThat(endpoints.initialFetchDone()).isTrue();

    assertThat(endpoints.subscribe(Set.of("b"))).isTrue();
    assertThat(endpoints.subscribe(Set.of("b"))).isFalse();
    assertThat(endpoints.accepted().keySet()).containsExactly("b");
    assertThat(endpoints.resourceNames()).containsExactly("b");
  }

  private static <V> void ack(ResourceState<?, V> state, DiscoveryResponse response, Instant t) {
    Update<V> update = state.apply(response, t);
    assertThat(update.errorDetail()).isNull();
    state.complete(update, t);
  }

  private static DiscoveryResponse response(String version, Message... resources) {
    DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
        .setVersionInfo(version)
        .setNonce("n" + version);
    for (Message resource : resources) {
      response.addResources(Any.pack(resource));
    }
    return response.build();
  }
}
