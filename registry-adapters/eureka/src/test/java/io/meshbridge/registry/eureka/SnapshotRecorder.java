package io.meshbridge.registry.eureka;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.ServiceKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every snapshot an adapter publishes, for assertions from the test thread. */
final class SnapshotRecorder implements SnapshotListener {

  private final List<RegistrySnapshot> snapshots = new CopyOnWriteArrayList<>();

  @Override
  public void onSnapshot(RegistrySnapshot snapshot) {
    snapshots.add(snapshot);
  }

  List<RegistrySnapshot> all() {
    return List.copyOf(snapshots);
  }

  /** The latest snapshot; fails (so that Awaitility retries) before the first one. */
  RegistrySnapshot latest() {
    if (snapshots.isEmpty()) {
      throw new AssertionError("no snapshot yet");
    }
    return snapshots.get(snapshots.size() - 1);
  }

  /** The latest endpoints of {@code service}. */
  List<Endpoint> endpoints(ServiceKey service) {
    return latest().endpoints().stream().filter(e -> e.service().equals(service)).toList();
  }
}
