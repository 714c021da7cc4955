package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InitialVersionsWatcherTest {

  private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

  /** Records each watch's tracked versions; the test answers the last one. */
  private static final class Recording implements ConfigWatcher {
    final List<Map<String, String>> tracked = new ArrayList<>();
    Consumer<DeltaResponse> last;

    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> known,
        Consumer<Response> consumer, boolean hasClusterChanged, boolean allowEmptyEds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
        Map<String, String> resourceVersions, Set<String> pending, boolean isWildcard,
        Consumer<DeltaResponse> consumer, boolean hasClusterChanged) {
      tracked.add(Map.copyOf(resourceVersions));
      last = consumer;
      return new DeltaWatch(request, resourceVersions, pending, requesterVersion, isWildcard,
          consumer);
    }
  }

  private static DeltaXdsRequest request(String nonce, Map<String, String> initial) {
    return DeltaXdsRequest.create(DeltaDiscoveryRequest.newBuilder()
        .setNode(Node.newBuilder().setId("vm-1"))
        .setTypeUrl(CDS)
        .setResponseNonce(nonce)
        .putAllInitialResourceVersions(initial)
        .build());
  }

  @Test
  void theFirstRequestsHeldVersionsAreTrackedUntilSentOrRemoved() {
    Recording cache = new Recording();
    InitialVersionsWatcher watcher = new InitialVersionsWatcher(cache);
    List<DeltaResponse> delivered = new ArrayList<>();

    watcher.createDeltaWatch(request("", Map.of("a", "1", "b", "1", "gone", "1")), "", Map.of(),
        Set.of(), true, delivered::add, false);
    assertThat(cache.tracked.get(0)).isEqualTo(Map.of("a", "1", "b", "1", "gone", "1"));

    // The first response sends `a` (changed) and removes `gone`; the stream now tracks `a`.
    VersionedResource<?> a2 = VersionedResource.create(Cluster.newBuilder().setName("a").build(), "2");
    cache.last.accept(DeltaResponse.create(request("", Map.of()), Map.of("a", a2), List.of("gone"),
        "v2"));
    assertThat(delivered).hasSize(1);

    // The ACK's watch: the stream tracks a=2; b is still held from the first request.
    watcher.createDeltaWatch(request("n1", Map.of()), "v2", Map.of("a", "2"), Set.of(), true,
        delivered::add, false);
    assertThat(cache.tracked.get(1)).isEqualTo(Map.of("a", "2", "b", "1"));
  }

  @Test
  void withoutInitialVersionsTheCacheSeesTheStreamsOwn() {
    Recording cache = new Recording();
    new InitialVersionsWatcher(cache).createDeltaWatch(request("", Map.of()), "", Map.of("x", "1"),
        Set.of(), true, r -> { }, false);
    assertThat(cache.tracked.get(0)).isEqualTo(Map.of("x", "1"));
  }
}
