package io.meshbridge.model;

/**
 * Watches one registry and publishes what it sees as complete {@link RegistrySnapshot}s.
 *
 * <p>Contract, which every adapter keeps and pilot relies on:
 *
 * <ul>
 *   <li>{@link #start} returns promptly; the watching happens on the adapter's own threads, never
 *       on the caller's.
 *   <li>Every published snapshot is complete and immutable; versions only grow.
 *   <li>When the registry cannot be reached, the adapter publishes its last good content marked
 *       {@linkplain RegistrySnapshot#stale() stale}, never an empty snapshot.
 *   <li>Content the adapter cannot read is left out and named in {@link
 *       RegistrySnapshot#problems()}; everything else keeps flowing.
 * </ul>
 */
public interface RegistryAdapter extends AutoCloseable {

  /** The id of this adapter instance, e.g. {@code k8s-east} or {@code files}. */
  String id();

  /** Starts watching; snapshots go to {@code listener}, from the adapter's threads. */
  void start(SnapshotListener listener);

  /** Stops watching and releases the adapter's threads and connections. */
  @Override
  void close();

  /** Receives snapshots. Called from adapter threads; must not block. */
  @FunctionalInterface
  interface SnapshotListener {
    void onSnapshot(RegistrySnapshot snapshot);
  }
}
