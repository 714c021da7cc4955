package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistrySnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Holds the latest snapshot of each declared registry and aggregates them in precedence order.
 *
 * <p>Thread-safe: adapters call {@link #update} from their own threads. Each registry's entry is an
 * immutable {@link Entry} replaced atomically in a {@link ConcurrentHashMap} (its {@code compute}
 * serializes updates of one registry); readers see, per registry, either the old or the new entry.
 */
public final class RegistryStates {

  private final List<String> ids;
  private final ServiceMapping mapping;
  private final Clock clock;
  private final Map<String, Entry> latest = new ConcurrentHashMap<>();

  /** A registry's latest snapshot with what pilot observed of it over time. */
  private record Entry(RegistrySnapshot snapshot, @Nullable Instant lastSync, long outages) {}

  /**
   * @param ids the declared registry ids, in precedence order
   * @throws IllegalArgumentException if an id appears twice
   */
  public RegistryStates(List<String> ids) {
    this(ids, ServiceMapping.IDENTITY, Clock.systemUTC());
  }

  /**
   * @param ids the declared registry ids, in precedence order
   * @param mapping which registry service is which mesh service
   * @param clock the time of {@link RegistryStatus#lastSync()}
   * @throws IllegalArgumentException if an id appears twice, or the mapping names an undeclared
   *     registry
   */
  public RegistryStates(List<String> ids, ServiceMapping mapping, Clock clock) {
    this.ids = List.copyOf(ids);
    this.mapping = requireNonNull(mapping, "mapping");
    this.clock = requireNonNull(clock, "clock");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < this.ids.size(); i++) {
      if (!seen.add(this.ids.get(i))) {
        throw new IllegalArgumentException(
            "registries[" + i + "].id: '" + this.ids.get(i) + "' (expected: unique ids)");
      }
    }
    for (ServiceMapping.Source source : mapping.renames().keySet()) {
      if (!seen.contains(source.registryId())) {
        throw new IllegalArgumentException(
            "services: registry '"
                + source.registryId()
                + "' is not declared (expected one of: "
                + this.ids
                + ")");
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
    Entry kept =
        latest.compute(
            snapshot.registryId(),
            (id, old) -> {
              if (old != null && snapshot.version() < old.snapshot().version()) {
                return old;
              }
              boolean wasStale = old != null && old.snapshot().stale();
              Instant lastSync =
                  snapshot.stale() ? (old == null ? null : old.lastSync()) : clock.instant();
              long outages =
                  (old == null ? 0 : old.outages()) + (snapshot.stale() && !wasStale ? 1 : 0);
              return new Entry(snapshot, lastSync, outages);
            });
    return kept.snapshot() == snapshot;
  }

  /** Whether every declared registry has published at least once. */
  public boolean allSynced() {
    return latest.keySet().containsAll(ids);
  }

  /** Each registry's status, in precedence order, without merging anything (cheap: for metrics). */
  public List<RegistryStatus> statuses() {
    List<RegistryStatus> statuses = new ArrayList<>();
    for (String id : ids) {
      Entry e = latest.get(id);
      statuses.add(e == null ? RegistryStatus.notSynced(id) : status(e));
    }
    return statuses;
  }

  /** Merges the latest snapshots; registries that have not published are listed as not synced. */
  public AggregateResult aggregate() {
    List<RegistrySnapshot> snapshots = new ArrayList<>();
    for (String id : ids) {
      Entry e = latest.get(id);
      if (e != null) {
        snapshots.add(e.snapshot());
      }
    }
    AggregateResult merged = Aggregator.aggregate(snapshots, mapping);
    return new AggregateResult(merged.model(), merged.problems(), merged.conflicts(), statuses());
  }

  private static RegistryStatus status(Entry e) {
    RegistrySnapshot s = e.snapshot();
    return new RegistryStatus(
        s.registryId(),
        s.version(),
        s.stale(),
        true,
        e.lastSync(),
        s.services().size(),
        s.endpoints().size(),
        e.outages(),
        s.problems());
  }
}
