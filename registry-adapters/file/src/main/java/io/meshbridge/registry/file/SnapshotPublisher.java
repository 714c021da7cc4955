package io.meshbridge.registry.file;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.support.SnapshotSequencer;
import io.meshbridge.registry.file.SnapshotAssembler.Contents;
import java.io.IOException;
import java.nio.file.Path;
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
  private final SnapshotSequencer sequencer;

  /** The content of the last time the directory could be listed. */
  private Contents lastReadable = Contents.EMPTY;

  SnapshotPublisher(String registryId, Path directory, SnapshotListener listener) {
    this.registryId = registryId;
    this.directory = directory;
    this.reader = new DirectoryReader(directory, registryId);
    this.sequencer = new SnapshotSequencer("file registry " + registryId, registryId, listener);
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
    if (!sequencer.publish(
        contents.services(), contents.endpoints(), stale, contents.problems())) {
      logger.debug("file registry {}: read {}, nothing changed", registryId, directory);
    }
  }
}
