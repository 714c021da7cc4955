package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistrySnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the latest snapshot of each declared registry and aggregates them in precedence order.
 *
 * <p>Thread-safe: adapters call {@link #update} from their own threads. Each registry's entry is an
 * immutable snapshot replaced atomically in a {@link ConcurrentHashMap}; {@link #aggregate} reads
 * every entry once, so it sees, per registry, either the old or the new snapshot.
 */
public final class RegistryStates {

  private final List<String> ids;
  private final Map<String, RegistrySnapshot> latest = new ConcurrentHashMap<>();

  /**
   * @param ids the declared registry ids, in precedence order
   * @throws IllegalArgumentException if an id appears twice
   */
  public RegistryStates(List<String> ids) {
    this.ids = List.copyOf(ids);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < this.ids.size(); i++) {
      if (!seen.add(this.ids.get(i))) {
        throw new IllegalArgumentException(
            "registries[" + i + "].id: '" + this.ids.get(i) + "' (expected: unique ids)");
      }
    }
  }

  /**
   * Records {@code snapshot} as its registry's latest, unless it is older than the one held.
   *
   * @return whether the snapshot was taken
   * @throws IllegalArgumentException if the snapshot's registry was not declared
   */
  public boolean update(RegistrySnapshot snapshot) {
    requireNonNull(snapshot, "snapshot");
    if (!ids.contains(snapshot.registryId())) {
      throw new IllegalArgumentException(
          "snapshot.registryId: '" + snapshot.registryId() + "' (expected one of: " + ids + ")");
    }
    RegistrySnapshot kept =
        latest.merge(
            snapshot.registryId(),
            snapshot,
            (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    return kept == snapshot;
  }

  /** Whether every declared registry has published at least once. */
  public boolean allSynced() {
    return latest.keySet().containsAll(ids);
  }

  /** Merges the latest snapshots; registries that have not published are listed as not synced. */
  public AggregateResult aggregate() {
    List<RegistrySnapshot> snapshots = new ArrayList<>();
    for (String id : ids) {
      RegistrySnapshot s = latest.get(id);
      if (s != null) {
        snapshots.add(s);
      }
    }
    AggregateResult merged = Aggregator.aggregate(snapshots);
    List<RegistryStatus> statuses = new ArrayList<>();
    for (String id : ids) {
      statuses.add(
          merged.registries().stream()
              .filter(s -> s.id().equals(id))
              .findFirst()
              .orElseGet(() -> RegistryStatus.notSynced(id)));
    }
    return new AggregateResult(merged.model(), merged.problems(), statuses);
  }
}
