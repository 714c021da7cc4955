package io.meshbridge.registry.consul;

import static org.awaitility.Awaitility.await;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Collects a registry's snapshots for tests. */
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
    return all.get(all.size() - 1);
  }

  /** Waits (at most 15 s) for a snapshot matching {@code condition} to be the latest. */
  RegistrySnapshot awaitLatest(Predicate<RegistrySnapshot> condition) {
    await().atMost(Duration.ofSeconds(15)).until(() -> !all.isEmpty() && condition.test(latest()));
    return latest();
  }

  /** Waits for the latest snapshot to hold exactly these endpoint addresses (any order). */
  RegistrySnapshot awaitAddresses(String... addresses) {
    List<String> wanted = List.of(addresses);
    return awaitLatest(
        s -> {
          List<String> got = s.endpoints().stream().map(Endpoint::address).toList();
          return got.size() == wanted.size() && got.containsAll(wanted);
        });
  }
}
