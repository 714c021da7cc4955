package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.meshbridge.pilot.translate.ProxyScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharingDiscoveryServerTest {

  private final SharingDiscoveryServer server =
      new SharingDiscoveryServer(
          List.of(), watcher(), new DefaultExecutorGroup());
  private final Any packed =
      Any.pack(ClusterLoadAssignment.newBuilder().setClusterName("outbound|80||a.b.mesh").build());

  @Test
  void oneWrapperPerResourceAndVersionForEveryStream() {
    Resource first = server.resource("outbound|80||a.b.mesh", "v1", packed);
    Resource second = server.resource("outbound|80||a.b.mesh", "v1", packed);

    assertThat(second).isSameAs(first);
    assertThat(first)
        .isEqualTo(
            Resource.newBuilder()
                .setName("outbound|80||a.b.mesh")
                .setVersion("v1")
                .setResource(packed)
                .build());
  }

  @Test
  void anotherVersionGetsItsOwnWrapper() {
    Resource v1 = server.resource("outbound|80||a.b.mesh", "v1", packed);
    Resource v2 = server.resource("outbound|80||a.b.mesh", "v2", packed);

    assertThat(v2).isNotSameAs(v1);
    assertThat(v2.getVersion()).isEqualTo("v2");
  }

  @Test
  void theSerializedFormWritesTheSameBytes() {
    Resource plain = Resource.newBuilder().setName("n").setVersion("v").setResource(packed).build();

    assertThat(SharingDiscoveryServer.serializedForm(plain).toByteString())
        .isEqualTo(plain.toByteString());
  }

  private static NackHoldingWatcher watcher() {
    ScopeNodeGroup groups = new ScopeNodeGroup();
    return new NackHoldingWatcher(new SimpleCache<ProxyScope>(groups), groups);
  }
}
