package io.meshbridge.registry.kubernetes;

import static io.meshbridge.registry.kubernetes.K8s.endpoint;
import static io.meshbridge.registry.kubernetes.K8s.port;
import static io.meshbridge.registry.kubernetes.K8s.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.support.SnapshotSequencer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sync, staleness and recovery at the unit level: events and time are driven by the test. */
class ClusterSyncTest {

  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

  private final AtomicLong now = new AtomicLong();
  private final Snapshots snapshots = new Snapshots();
  private final MutableClock clock = new MutableClock();
  private final ClusterSync sync =
      new ClusterSync(
          new MappingSettings("k8s", "east", "cluster.local"),
          FakeClusterSource.WATCHES,
          Duration.ofSeconds(5),
          now::get,
          clock,
          new SnapshotSequencer("kubernetes registry k8s", "k8s", snapshots));

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
    clock.at = clock.at.plus(d);
  }

  /** Wall time the test moves with {@link #advance}. */
  private static final class MutableClock extends Clock {
    Instant at = START;

    @Override
    public Instant instant() {
      return at;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private static EndpointSlice registrarSlice(String name, String address, Instant renewed) {
    EndpointSlice slice =
        K8s.slice("shop", name, "web", List.of(slicePort("http", 8080)),
            endpoint(address, null, null, null));
    slice.getMetadata().getLabels().put(SliceLabels.MANAGED_BY, SliceLabels.REGISTRAR);
    slice.getMetadata().setAnnotations(
        new java.util.HashMap<>(SliceLeases.annotations(renewed, Duration.ofSeconds(30))));
    return slice;
  }

  @Test
  void aRegistrarSliceIsLeftOutOnceItsLeaseRunsOutWithoutAnyEvent() {
    listAll();
    createWeb("10.0.0.1");
    sync.upsert(registrarSlice("web-vm-a", "10.9.0.1", START));
    sync.upsert(registrarSlice("web-vm-b", "10.9.0.2", START.plusSeconds(20)));
    sync.flush();
    assertThat(snapshots.latest().endpoints())
        .extracting(e -> e.address())
        .containsExactly("10.0.0.1", "10.9.0.1", "10.9.0.2");

    advance(Duration.ofSeconds(29));
    sync.checkWatches(Set.of());
    assertThat(snapshots.latest().endpoints()).hasSize(3);

    advance(Duration.ofSeconds(1)); // vm-a's lease: renewed at START for 30 s
    sync.checkWatches(Set.of());
    RegistrySnapshot afterA = snapshots.latest();
    assertThat(afterA.endpoints())
        .extracting(e -> e.address())
        .containsExactly("10.0.0.1", "10.9.0.2");
    assertThat(afterA.problems())
        .containsExactly(
            "endpointslice shop/web-vm-a: lease expired at 2026-11-22T10:00:30Z (its registrar"
                + " stopped renewing); left out");
    assertThat(afterA.stale()).isFalse();

    sync.upsert(registrarSlice("web-vm-b", "10.9.0.2", START.plusSeconds(40))); // renewed
    sync.flush();
    advance(Duration.ofSeconds(30));
    sync.checkWatches(Set.of());
    assertThat(snapshots.latest().endpoints())
        .extracting(e -> e.address())
        .containsExactly("10.0.0.1", "10.9.0.2");
  }


  private void createWeb(String... addresses) {
    sync.upsert(K8s.service("shop", "web", Map.of(), port("http", 80, null)));
    sync.upsert(
        K8s.slice(
            "shop",
            "web-1",
            "web",
            List.of(slicePort("http", 8080)),
            java.util.Arrays.stream(addresses)
                .map(a -> endpoint(a, null, null, null))
                .toArray(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint[]::new)));
  }

  private void listAll() {
    FakeClusterSource.WATCHES.forEach(sync::listed);
    sync.flush();
  }

  @Test
  void nothingIsPublishedBeforeEveryWatchHasListed() {
    createWeb("10.0.0.1");
    sync.listed("services");
    sync.listed("endpointslices");
    sync.listed("pods");
    sync.flush();
    assertThat(snapshots.all()).isEmpty();

    sync.listed("nodes");
    sync.flush();
    assertThat(snapshots.all())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.version()).isEqualTo(1);
              assertThat(s.endpoints()).hasSize(1);
            });
  }

  @Test
  void aBurstIsMappedOnceAndNoChangeIsNotPublished() {
    listAll();
    createWeb("10.0.0.1");
    sync.upsert(K8s.pod("shop", "p", Map.of(), "", ""));
    sync.flush();
    sync.flush();
    createWeb("10.0.0.1"); // the same objects again, as a resync or re-list gives them
    sync.flush();

    assertThat(snapshots.all()).extracting(RegistrySnapshot::version).containsExactly(1L, 2L);
  }

  @Test
  void aWatchDownForStaleAfterMakesTheLastContentStaleAndRecoveryMakesItFresh() {
    createWeb("10.0.0.1", "10.0.0.2");
    listAll();
    RegistrySnapshot good = snapshots.latest();

    sync.checkWatches(Set.of("endpointslices"));
    advance(Duration.ofMillis(4_999));
    sync.checkWatches(Set.of("endpointslices"));
    assertThat(snapshots.latest()).isSameAs(good); // a routine reconnect is not an outage

    advance(Duration.ofMillis(1));
    sync.checkWatches(Set.of("endpointslices", "services"));
    RegistrySnapshot stale = snapshots.latest();
    assertThat(stale.stale()).isTrue();
    assertThat(stale.version()).isEqualTo(good.version() + 1);
    assertThat(stale.services()).isEqualTo(good.services());
    assertThat(stale.endpoints()).isEqualTo(good.endpoints());
    assertThat(stale.problems())
        .containsExactly(
            "Kubernetes API server: no watch for 5s on endpointslices; serving the last content");

    advance(Duration.ofSeconds(30));
    sync.checkWatches(Set.of("endpointslices", "services"));
    assertThat(snapshots.latest().problems())
        .containsExactly(
            "Kubernetes API server: no watch"
                + " for 5s on endpointslices, services; serving the last content");
    int published = snapshots.all().size();
    sync.checkWatches(Set.of("endpointslices", "services"));
    assertThat(snapshots.all()).hasSize(published);

    // Back: the re-list delivers the same objects; only staleness changes, published once.
    sync.checkWatches(Set.of());
    createWeb("10.0.0.1", "10.0.0.2");
    listAll();
    RegistrySnapshot fresh = snapshots.latest();
    assertThat(fresh.stale()).isFalse();
    assertThat(fresh.problems()).isEmpty();
    assertThat(fresh.endpoints()).isEqualTo(good.endpoints());
    assertThat(snapshots.all()).hasSize(published + 1);
  }

  @Test
  void eventsOfTheWatchesStillUpArePublishedWhileStale() {
    createWeb("10.0.0.1");
    listAll();
    sync.checkWatches(Set.of("pods"));
    advance(Duration.ofSeconds(5));
    sync.checkWatches(Set.of("pods"));

    createWeb("10.0.0.1", "10.0.0.3");
    sync.flush();

    assertThat(snapshots.latest().stale()).isTrue();
    assertThat(snapshots.latest().endpoints()).hasSize(2);
  }

  @Test
  void aSlowFirstListIsNotAnOutage() {
    createWeb("10.0.0.1");
    sync.checkWatches(FakeClusterSource.WATCHES);
    advance(Duration.ofMinutes(1));
    sync.checkWatches(FakeClusterSource.WATCHES);
    listAll();
    sync.checkWatches(Set.of("services")); // listed, its watch not yet connected

    assertThat(snapshots.all())
        .singleElement()
        .extracting(RegistrySnapshot::stale)
        .isEqualTo(false);
  }

  @Test
  void aForbiddenNodeWatchIsNotWaitedForAndIsNamed() {
    createWeb("10.0.0.1");
    sync.listed("services");
    sync.listed("endpointslices");
    sync.listed("pods");
    sync.unavailable("nodes", "forbidden (403)");
    sync.flush();
    advance(Duration.ofMinutes(1));
    sync.checkWatches(Set.of("nodes"));

    assertThat(snapshots.latest().stale()).isFalse();
    assertThat(snapshots.latest().problems()).containsExactly("watch nodes: forbidden (403)");
  }
}
