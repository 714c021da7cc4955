package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What pilot knows of one registry, for the admin API and metrics.
 *
 * @param id the registry adapter's id
 * @param version the version of its latest snapshot, {@code -1} before the first one
 * @param stale whether that snapshot is the last good content of an unreachable registry
 * @param synced whether the registry has published at least one snapshot
 * @param lastSync when pilot last received a snapshot that was not stale; null before that
 * @param services how many services its latest snapshot has
 * @param endpoints how many endpoints its latest snapshot has
 * @param outages how many times it went from reachable (or not yet seen) to stale
 * @param problems what the adapter could not read, as it reported it
 */
public record RegistryStatus(
    String id,
    long version,
    boolean stale,
    boolean synced,
    @Nullable Instant lastSync,
    int services,
    int endpoints,
    long outages,
    List<String> problems) {

  public RegistryStatus {
    requireNonNull(id, "id");
    problems = List.copyOf(problems);
  }

  /** The status of a registry that has not published yet. */
  public static RegistryStatus notSynced(String id) {
    return new RegistryStatus(id, -1, false, false, null, 0, 0, 0, List.of());
  }
}
