package io.meshbridge.registry.file;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.support.RegistryLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Services and endpoints read from the {@code *.yaml} / {@code *.yml} files of one directory,
 * watched so that editing a file changes the mesh: the registry of the quickstart, of tests, and
 * of estates whose services do not move.
 *
 * <p>{@link #start} returns once the directory is watched; the first snapshot follows promptly
 * from the registry's own thread. A malformed file keeps serving its last good content and is
 * named in the snapshot's problems. See the module README for the file format.
 */
public final class FileRegistry implements RegistryAdapter {

  /** How long the directory must be quiet before a burst of file events is read. */
  public static final Duration DEFAULT_SETTLE_DELAY = Duration.ofMillis(50);

  private final String id;
  private final Path directory;
  private final long settleNanos;

  private final RegistryLifecycle lifecycle;
  private volatile @Nullable DirectoryWatcher watcher; // set once by start

  // Touched only by the watcher thread.
  private @Nullable ScheduledFuture<?> pendingRefresh;

  /**
   * A registry named {@code id} reading {@code directory}, settling bursts of file events for
   * {@link #DEFAULT_SETTLE_DELAY}.
   *
   * @throws IllegalArgumentException if {@code directory} does not exist or is not a directory
   */
  public FileRegistry(String id, Path directory) {
    this(id, directory, DEFAULT_SETTLE_DELAY);
  }

  /**
   * As {@link #FileRegistry(String, Path)}, reading the directory once it has been quiet for
   * {@code settleDelay} (editors and copies write a file in several steps).
   */
  public FileRegistry(String id, Path directory, Duration settleDelay) {
    requireNonNull(id, "id");
    requireNonNull(directory, "directory");
    requireNonNull(settleDelay, "settleDelay");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: '" + id + "' (expected: a non-blank registry id)");
    }
    if (!Files.exists(directory)) {
      throw new IllegalArgumentException("directory: " + directory + " does not exist");
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("directory: " + directory + " is not a directory");
    }
    if (settleDelay.isNegative() || settleDelay.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "settleDelay: " + settleDelay + " (expected: 0 to 1 minute)");
    }
    this.id = id;
    this.directory = directory;
    this.settleNanos = settleDelay.toNanos();
    this.lifecycle = new RegistryLifecycle("file registry " + id);
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * Watches the directory, then publishes the first snapshot promptly (not before this returns)
   * from the registry's thread, and a new one whenever a change to the files changes it.
   *
   * @throws IllegalStateException if already started or closed
   * @throws UncheckedIOException if the directory cannot be watched
   */
  @Override
  public void start(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    lifecycle.start("file-registry-" + id + "-publisher", publisherThread -> {
      SnapshotPublisher publisher =
          new SnapshotPublisher(id, directory, lifecycle.listenerUntilClosed(listener));
      try {
        watcher = DirectoryWatcher.start(
            directory, "file-registry-" + id, () -> scheduleRefresh(publisherThread, publisher));
      } catch (IOException e) {
        throw new UncheckedIOException("directory: cannot watch " + directory, e);
      }
      publisherThread.execute(publisher::refresh);
    });
  }

  /** Called by the watcher thread: (re)starts the settle delay, so a burst is read once. */
  private void scheduleRefresh(
      ScheduledExecutorService publisherThread, SnapshotPublisher publisher) {
    ScheduledFuture<?> pending = pendingRefresh;
    if (pending != null) {
      pending.cancel(false);
    }
    try {
      pendingRefresh =
          publisherThread.schedule(publisher::refresh, settleNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!lifecycle.closed()) {
        throw e;
      }
      // Closing: the executor no longer takes work, and nothing is to be published.
    }
  }

  /** Stops watching and publishing; idempotent. A snapshot being delivered may still finish. */
  @Override
  public void close() {
    lifecycle.close(() -> {
      DirectoryWatcher w = watcher;
      if (w != null) {
        w.close();
      }
    });
  }

  @Override
  public String toString() {
    return "FileRegistry{id=" + id + ", directory=" + directory + "}";
  }
}
