package io.meshbridge.registry.file;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.registry.file.SnapshotAssembler.Contents;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the directory and publishes a snapshot when services, endpoints or problems changed. Runs
 * on one thread only (the registry's publisher thread), which owns all of its state.
 */
final class SnapshotPublisher {

  private static final Logger logger = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final String registryId;
  private final Path directory;
  private final DirectoryReader reader;
  private final SnapshotListener listener;

  /** The content of the last time the directory could be listed. */
  private Contents lastReadable = Contents.EMPTY;

  private @Nullable RegistrySnapshot published;

  SnapshotPublisher(String registryId, Path directory, SnapshotListener listener) {
    this.registryId = registryId;
    this.directory = directory;
    this.reader = new DirectoryReader(directory, registryId);
    this.listener = listener;
  }

  /** Reads the directory again and publishes what changed; never throws. */
  void refresh() {
    try {
      Contents contents;
      boolean stale;
      try {
        contents = SnapshotAssembler.assemble(reader.scan());
        lastReadable = contents;
        stale = false;
      } catch (IOException e) {
        logger.warn("file registry {}: cannot list {}", registryId, directory, e);
        contents = lastReadable.withProblem(
            "directory: " + directory + " cannot be read (" + e + "); serving its last content");
        stale = true;
      }
      publishIfChanged(contents, stale);
    } catch (RuntimeException e) {
      logger.error("file registry {}: refreshing from {} failed", registryId, directory, e);
    }
  }

  private void publishIfChanged(Contents contents, boolean stale) {
    RegistrySnapshot previous = published;
    if (previous != null
        && previous.stale() == stale
        && previous.services().equals(contents.services())
        && previous.endpoints().equals(contents.endpoints())
        && previous.problems().equals(contents.problems())) {
      logger.debug("file registry {}: read {}, nothing changed", registryId, directory);
      return;
    }
    RegistrySnapshot snapshot = new RegistrySnapshot(registryId,
        previous == null ? 1 : previous.version() + 1,
        contents.services(), contents.endpoints(), stale, contents.problems());
    for (String problem : snapshot.problems()) {
      if (previous == null || !previous.problems().contains(problem)) {
        logger.warn("file registry {}: {}", registryId, problem);
      }
    }
    logger.debug("file registry {}: version {}, {} services, {} endpoints, {} problems",
        registryId, snapshot.version(), snapshot.services().size(), snapshot.endpoints().size(),
        snapshot.problems().size());
    published = snapshot;
    try {
      listener.onSnapshot(snapshot);
    } catch (RuntimeException e) {
      logger.error("file registry {}: the listener failed on version {}",
          registryId, snapshot.version(), e);
    }
  }
}
