package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.meshbridge.pilot.translate.ProxyScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link CatchUpCache} answers a delta stream that is behind exactly as {@link SimpleCache} does:
 * every case runs against both and compares the responses (resources with versions, removed names,
 * version), so only the cost differs.
 */
class CatchUpCacheTest {

  private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  private static final String EDS =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

  /** A snapshot of clusters named by key, each with the given "content" (its connect timeout). */
  private static Snapshot snapshot(String version, Map<String, Integer> clusters) {
    List<Cluster> cds = new ArrayList<>();
    List<ClusterLoadAssignment> eds = new ArrayList<>();
    clusters.forEach((name, content) -> {
      cds.add(Cluster.newBuilder().setName(name)
          .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(content)).build());
      eds.add(ClusterLoadAssignment.newBuilder().setClusterName(name)
          .setPolicy(ClusterLoadAssignment.Policy.newBuilder().setOverprovisioningFactor(
              com.google.protobuf.UInt32Value.of(100 + content))).build());
    });
    return Snapshot.create(cds, "c" + version, eds, "e" + version, List.of(), "l" + version,
        List.of(), "r" + version, List.of(), "s" + version);
  }

  private static DeltaXdsRequest request(String typeUrl, String nonce) {
    return DeltaXdsRequest.create(DeltaDiscoveryRequest.newBuilder()
        .setNode(Node.newBuilder().setId("sidecar-1")).setTypeUrl(typeUrl)
        .setResponseNonce(nonce).build());
  }

  /** What a response carries, comparable across the two caches. */
  private record Answer(Map<String, String> resources, List<String> removed, String version) {
    static @Nullable Answer of(@Nullable DeltaResponse response) {
      if (response == null) {
        return null;
      }
      Map<String, String> resources = new TreeMap<>();
      response.resources().forEach((name, r) -> resources.put(name, r.version()));
      return new Answer(resources, response.removedResources().stream().sorted().toList(),
          response.version());
    }
  }

  /**
   * Sets {@code snapshots} in order on a cache, then opens the watch of a stream whose last
   * response was {@code requesterVersion} and which tracks {@code tracked}; returns what it is sent
   * at once (null: nothing, the watch waits).
   */
  private static @Nullable Answer catchUp(SimpleCache<ProxyScope> cache, List<Snapshot> snapshots,
      String typeUrl, String requesterVersion, Map<String, String> tracked, Set<String> pending,
      boolean wildcard) {
    snapshots.forEach(s -> cache.setSnapshot(ProxyScope.DEFAULT, s));
    List<DeltaResponse> sent = new ArrayList<>();
    cache.createDeltaWatch(request(typeUrl, "n1"), requesterVersion, tracked, pending, wildcard,
        sent::add, false);
    assertThat(sent).hasSizeLessThanOrEqualTo(1);
    return sent.isEmpty() ? null : Answer.of(sent.get(0));
  }

  private static Map<String, String> versions(Snapshot snapshot, ResourceType type) {
    return snapshot.versionedResources(type).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().version()));
  }

  private static void sameAnswer(List<Snapshot> snapshots, String typeUrl, String requesterVersion,
      Map<String, String> tracked, Set<String> pending, boolean wildcard, boolean expectAnswer) {
    Answer plain = catchUp(new SimpleCache<>(node -> ProxyScope.DEFAULT), snapshots, typeUrl,
        requesterVersion, tracked, pending, wildcard);
    Answer catchUp = catchUp(new CatchUpCache(node -> ProxyScope.DEFAULT), snapshots, typeUrl,
        requesterVersion, tracked, pending, wildcard);
    assertThat(catchUp).isEqualTo(plain);
    assertThat(catchUp != null).isEqualTo(expectAnswer);
  }

  private static final Snapshot V1 = snapshot("1", Map.of("a", 1, "b", 1, "c", 1, "gone", 1));
  private static final Snapshot V2 = snapshot("2", Map.of("a", 2, "b", 1, "c", 1, "gone", 1));
  private static final Snapshot V3 =
      snapshot("3", Map.of("a", 2, "b", 3, "c", 1, "new", 1));

  @Test
  void aWildcardStreamTwoVersionsBehindGetsEveryChangeAdditionAndRemovalSinceItsVersion() {
    Map<String, String> tracked = versions(V1, ResourceType.CLUSTER);
    sameAnswer(List.of(V1, V2, V3), CDS, "c1", tracked, Set.of(), true, true);
  }

  @Test
  void aStreamSubscribedByNameGetsOnlyWhatItTracks() {
    Map<String, String> tracked = new HashMap<>(versions(V1, ResourceType.ENDPOINT));
    tracked.keySet().retainAll(Set.of("a", "gone"));
    sameAnswer(List.of(V1, V2, V3), EDS, "e1", tracked, Set.of(), false, true);
  }

  @Test
  void aStreamWhoseResourcesDidNotChangeWaitsForTheNextSnapshot() {
    Map<String, String> tracked = new HashMap<>(versions(V1, ResourceType.ENDPOINT));
    tracked.keySet().retainAll(Set.of("c"));
    sameAnswer(List.of(V1, V2, V3), EDS, "e1", tracked, Set.of(), false, false);
  }

  @Test
  void anUnknownVersionAndNewSubscriptionsTakeSimpleCachesPath() {
    Map<String, String> tracked = versions(V1, ResourceType.CLUSTER);
    sameAnswer(List.of(V1, V2, V3), CDS, "c0-unknown", tracked, Set.of(), true, true);
    sameAnswer(List.of(V1, V2, V3), EDS, "e1", Map.of(), Set.of("new", "b"), false, true);
  }

  @Test
  void everyStreamMakingTheSameStepGetsTheSameAnswer() {
    CatchUpCache cache = new CatchUpCache(node -> ProxyScope.DEFAULT);
    List.of(V1, V3).forEach(s -> cache.setSnapshot(ProxyScope.DEFAULT, s));
    Map<String, String> tracked = versions(V1, ResourceType.CLUSTER);
    List<DeltaResponse> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cache.createDeltaWatch(request(CDS, "n" + i), "c1", tracked, Set.of(), true, sent::add,
          false);
    }
    assertThat(sent).hasSize(3);
    assertThat(sent).extracting(Answer::of).containsOnly(Answer.of(sent.get(0)));
    assertThat(sent.get(0).resources()).containsOnlyKeys("a", "b", "new");
    assertThat(sent.get(0).removedResources()).containsExactly("gone");
  }

  /**
   * A proxy reconnecting with {@code initial_resource_versions} opens its watch before its scope
   * has a snapshot; the first snapshot names what it holds that is gone. SimpleCache names nothing
   * (it diffs the previous snapshot, of which there is none) and the proxy kept the resource.
   */
  @Test
  void aWatchOpenedBeforeTheFirstSnapshotIsToldWhatItHoldsThatIsGone() {
    Map<String, String> held = new HashMap<>(versions(V2, ResourceType.CLUSTER));
    for (SimpleCache<ProxyScope> cache : List.<SimpleCache<ProxyScope>>of(
        new SimpleCache<>(node -> ProxyScope.DEFAULT), new CatchUpCache(node -> ProxyScope.DEFAULT))) {
      List<DeltaResponse> sent = new ArrayList<>();
      cache.createDeltaWatch(request(CDS, ""), "", held, Set.of(), true, sent::add, false);
      assertThat(sent).isEmpty();
      cache.setSnapshot(ProxyScope.DEFAULT, V3);
      assertThat(sent).hasSize(1);
      Answer answer = Answer.of(sent.get(0));
      if (cache instanceof CatchUpCache) {
        assertThat(answer.resources()).containsOnlyKeys("b", "new");
        assertThat(answer.removed()).containsExactly("gone");
      } else {
        assertThat(answer.removed()).as("SimpleCache's own behaviour, fixed above").isEmpty();
      }
    }
  }
}
