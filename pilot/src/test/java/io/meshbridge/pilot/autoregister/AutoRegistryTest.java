package io.meshbridge.pilot.autoregister;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Locality;
import io.meshbridge.pilot.policy.Workload;
import io.meshbridge.pilot.policy.WorkloadEntry;
import io.meshbridge.pilot.testing.FakeSerialExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry's life on a fake executor: streams, the grace period, reconnects, health. */
class AutoRegistryTest {

  static final Duration GRACE = Duration.ofSeconds(10);
  static final WorkloadEntry ENTRY = new WorkloadEntry("shop", "orders-10.0.0.7",
      new Workload("10.0.0.7", Map.of(), Map.of("app", "orders"), Locality.UNKNOWN, 1, "orders",
          ""), "auto-registered from WorkloadGroup shop/orders");
  static final String ID = "spiffe://cluster.local/ns/shop/sa/orders";

  final FakeSerialExecutor executor = new FakeSerialExecutor();
  final List<List<AutoRegisteredEntry>> published = new ArrayList<>();
  final AutoRegistry registry = new AutoRegistry(executor, Clock.systemUTC(),
      new AutoRegistrationSettings(GRACE), published::add);

  @Test
  void anEntryOutlivesItsLastStreamByTheGracePeriodOnly() {
    registry.connected(1, ENTRY, "orders", ID);
    registry.connected(2, ENTRY, "orders", ID);
    executor.runPending();
    assertThat(registry.entries()).singleElement().satisfies(e -> assertThat(e.streams()).isEqualTo(2));
    registry.disconnected(1);
    executor.advance(GRACE.multipliedBy(2));
    assertThat(registry.entries()).as("one stream still open").hasSize(1);
    registry.disconnected(2);
    executor.advance(GRACE.minusSeconds(1));
    assertThat(registry.entries()).singleElement()
        .satisfies(e -> assertThat(e.disconnectedAt()).isNotNull());
    executor.advance(Duration.ofSeconds(1));
    assertThat(registry.entries()).isEmpty();
    assertThat(published.get(published.size() - 1)).isEmpty();
    assertThat(registry.metrics().deletes()).isEqualTo(1);
  }

  @Test
  void aReconnectWithinTheGracePeriodCancelsThatDeletionButNotALaterOne() {
    registry.connected(1, ENTRY, "orders", ID);
    executor.runPending();
    registry.disconnected(1);
    executor.advance(GRACE.minusSeconds(5));
    registry.connected(2, ENTRY, "orders", ID);
    executor.advance(Duration.ofSeconds(6)); // the first deletion's time has passed
    assertThat(registry.entries()).hasSize(1);
    registry.disconnected(2);
    executor.advance(GRACE);
    assertThat(registry.entries()).isEmpty();
    assertThat(registry.metrics().reconnects()).isEqualTo(1);
  }

  @Test
  void healthFromTheEntrysIdentityOnly() {
    registry.connected(1, ENTRY, "orders", ID);
    registry.health("shop/orders-10.0.0.7", "spiffe://cluster.local/ns/shop/sa/other", false);
    executor.runPending();
    assertThat(registry.entries().get(0).healthy()).isTrue();
    registry.health("shop/orders-10.0.0.7", ID, false);
    executor.runPending();
    assertThat(registry.entries().get(0).healthy()).isFalse();
  }

  @Test
  void aStreamThatRegisteredNothingChangesNothing() {
    registry.disconnected(7);
    executor.runPending();
    assertThat(published).isEmpty();
  }
}
