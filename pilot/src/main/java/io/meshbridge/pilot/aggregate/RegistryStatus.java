package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What pilot knows of one registry, for the admin API.
 *
 * @param id the registry adapter's id
 * @param version the version of its latest snapshot, {@code -1} before the first one
 * @param stale whether that snapshot is the last good content of an unreachable registry
 * @param synced whether the registry has published at least one snapshot
 * @param problems what the adapter could not read, as it reported it
 */
public record RegistryStatus(
    String id, long version, boolean stale, boolean synced, List<String> problems) {

  public RegistryStatus {
    requireNonNull(id, "id");
    problems = List.copyOf(problems);
  }

  /** The status of a registry that has not published yet. */
  public static RegistryStatus notSynced(String id) {
    return new RegistryStatus(id, -1, false, false, List.of());
  }
}
