package io.meshbridge.registry.zookeeper;

import static org.awaitility.Awaitility.await;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every snapshot a registry publishes, for tests to wait on. */
final class SnapshotRecorder implements SnapshotListener {

  private final List<RegistrySnapshot> snapshots = new CopyOnWriteArrayList<>();

  @Override
  public void onSnapshot(RegistrySnapshot snapshot) {
    snapshots.add(snapshot);
  }

  List<RegistrySnapshot> all() {
    return List.copyOf(snapshots);
  }

  RegistrySnapshot latest() {
    List<RegistrySnapshot> all = all();
    if (all.isEmpty()) {
      throw new AssertionError("no snapshot yet");
    }
    return all.get(all.size() - 1);
  }

  /** Waits until the latest snapshot matches, and returns it. */
  RegistrySnapshot awaitLatest(String what, Predicate<RegistrySnapshot> condition) {
    return await(what)
        .atMost(Duration.ofSeconds(30))
        .until(() -> snapshots.isEmpty() ? null : latest(),
            s -> s != null && condition.test(s));
  }
}
