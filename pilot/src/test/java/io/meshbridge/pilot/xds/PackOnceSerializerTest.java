package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.controlplane.cache.Resources.ApiVersion;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import org.junit.jupiter.api.Test;

class PackOnceSerializerTest {

  private final PackOnceSerializer serializer = new PackOnceSerializer();

  @Test
  void packsOneResourceOnceForEveryStream() {
    Cluster cluster = Cluster.newBuilder().setName("outbound|80||a.b.mesh").build();

    Any first = serializer.serialize(cluster, ApiVersion.V3);
    Any second = serializer.serialize(cluster, ApiVersion.V3);

    assertThat(second).isSameAs(first);
    assertThat(first).isEqualTo(Any.pack(cluster));
  }

  @Test
  void equalButDistinctResourcesArePackedEachOnItsOwn() {
    Cluster a = Cluster.newBuilder().setName("outbound|80||a.b.mesh").build();
    Cluster b = Cluster.newBuilder().setName("outbound|80||a.b.mesh").build();

    Any packedA = serializer.serialize(a, ApiVersion.V3);
    Any packedB = serializer.serialize(b, ApiVersion.V3);

    assertThat(packedB).isNotSameAs(packedA).isEqualTo(packedA);
  }

  @Test
  void collectionsKeepTheirOrder() {
    Cluster a = Cluster.newBuilder().setName("a").build();
    Cluster b = Cluster.newBuilder().setName("b").build();

    assertThat(serializer.serialize(java.util.List.of(b, a), ApiVersion.V3))
        .containsExactly(Any.pack(b), Any.pack(a));
  }
}
