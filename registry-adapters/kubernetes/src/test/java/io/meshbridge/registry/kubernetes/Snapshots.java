package io.meshbridge.registry.kubernetes;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Records every snapshot a registry publishes. */
final class Snapshots implements SnapshotListener {

  private final List<RegistrySnapshot> all = new CopyOnWriteArrayList<>();

  @Override
  public void onSnapshot(RegistrySnapshot snapshot) {
    all.add(snapshot);
  }

  List<RegistrySnapshot> all() {
    return List.copyOf(all);
  }

  RegistrySnapshot latest() {
    if (all.isEmpty()) {
      throw new AssertionError("no snapshot yet");
    }
    return all.get(all.size() - 1);
  }

  /**
   * Waits until the latest snapshot matches, and returns it. The bound is generous: a watch that
   * comes back after an outage may wait out fabric8's reconnect backoff on a loaded machine.
   */
  RegistrySnapshot await(Predicate<RegistrySnapshot> condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !all.isEmpty() && condition.test(latest()));
    return latest();
  }
}
