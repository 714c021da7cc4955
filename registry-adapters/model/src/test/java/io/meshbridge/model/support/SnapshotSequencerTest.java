package io.meshbridge.model.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotSequencerTest {

  private final List<RegistrySnapshot> delivered = new ArrayList<>();
  private final SnapshotSequencer sequencer =
      new SnapshotSequencer("test registry r1", "r1", delivered::add);

  private static Endpoint endpoint(String address) {
    return new Endpoint(
        ServiceKey.of("shop", "orders"), address, Map.of("http", 8080), Map.of(),
        HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "r1");
  }

  @Test
  void numbersSnapshotsFromOneAndSkipsRepeats() {
    assertThat(sequencer.publish(List.of(), List.of(endpoint("10.0.0.1")), false, List.of()))
        .isTrue();
    assertThat(sequencer.publish(List.of(), List.of(endpoint("10.0.0.1")), false, List.of()))
        .isFalse();
    assertThat(sequencer.publish(List.of(), List.of(endpoint("10.0.0.2")), false, List.of()))
        .isTrue();

    assertThat(delivered).extracting(RegistrySnapshot::version).containsExactly(1L, 2L);
    assertThat(delivered.get(1).endpoints()).containsExactly(endpoint("10.0.0.2"));
    assertThat(sequencer.last()).isSameAs(delivered.get(1));
  }

  @Test
  void aChangeInProblemsOrStalenessAloneIsPublished() {
    sequencer.publish(List.of(), List.of(), false, List.of());
    sequencer.publish(List.of(), List.of(), false, List.of("a.yaml: bad"));
    sequencer.publish(List.of(), List.of(), true, List.of("a.yaml: bad"));

    assertThat(delivered).extracting(RegistrySnapshot::stale).containsExactly(false, false, true);
  }

  @Test
  void publishStaleKeepsTheContentAndAddsTheReasonOnce() {
    assertThat(sequencer.publishStale("gone")).as("nothing good to keep yet").isFalse();
    sequencer.publish(List.of(), List.of(endpoint("10.0.0.1")), false, List.of("x: bad"));

    assertThat(sequencer.publishStale("server down")).isTrue();
    assertThat(sequencer.publishStale("still down")).as("already stale").isFalse();

    RegistrySnapshot stale = delivered.get(delivered.size() - 1);
    assertThat(stale.stale()).isTrue();
    assertThat(stale.version()).isEqualTo(2);
    assertThat(stale.endpoints()).containsExactly(endpoint("10.0.0.1"));
    assertThat(stale.problems()).containsExactly("x: bad", "server down");
  }

  @Test
  void aFailingListenerDoesNotStopLaterSnapshots() {
    List<Long> seen = new ArrayList<>();
    SnapshotSequencer failing =
        new SnapshotSequencer(
            "test registry r2",
            "r2",
            s -> {
              seen.add(s.version());
              throw new IllegalStateException("listener broke");
            });

    failing.publish(List.of(), List.of(), false, List.of());
    failing.publish(List.of(), List.of(), true, List.of());

    assertThat(seen).containsExactly(1L, 2L);
  }
}
