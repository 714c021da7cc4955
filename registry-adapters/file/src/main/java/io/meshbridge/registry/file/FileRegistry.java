package io.meshbridge.registry.file;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Services and endpoints read from the YAML files of one directory, watched so that editing a file
 * changes the mesh. Work in progress: the API is final, the watching is not yet implemented.
 */
public final class FileRegistry implements RegistryAdapter {

  /** How long the directory must be quiet before a burst of file events is read. */
  public static final Duration DEFAULT_SETTLE_DELAY = Duration.ofMillis(50);

  private final String id;
  private final Path directory;
  private final Duration settleDelay;

  /** Watches {@code directory}, publishing snapshots as registry {@code id}. */
  public FileRegistry(String id, Path directory) {
    this(id, directory, DEFAULT_SETTLE_DELAY);
  }

  /** As {@link #FileRegistry(String, Path)}, waiting {@code settleDelay} for bursts to settle. */
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
    if (settleDelay.isNegative()) {
      throw new IllegalArgumentException(
          "settleDelay: " + settleDelay + " (expected: zero or positive)");
    }
    this.id = id;
    this.directory = directory;
    this.settleDelay = settleDelay;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void start(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    throw new UnsupportedOperationException("not implemented yet: " + directory + settleDelay);
  }

  @Override
  public void close() {}
}
