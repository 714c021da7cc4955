package io.meshbridge.registry.kubernetes;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers and delivers snapshots, only when services, endpoints, problems or staleness changed.
 * Confined to the registry's thread.
 */
final class SnapshotPublisher {

  private static final Logger logger = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final String registryId;
  private final SnapshotListener listener;
  private @Nullable RegistrySnapshot published;

  SnapshotPublisher(String registryId, SnapshotListener listener) {
    this.registryId = registryId;
    this.listener = listener;
  }

  /**
   * Publishes {@code contents}, marked stale with {@code outage} as an extra problem when the API
   * server cannot be watched, if that differs from the last snapshot published.
   */
  void publish(Contents contents, @Nullable String outage) {
    boolean stale = outage != null;
    List<String> problems = new ArrayList<>(contents.problems());
    if (outage != null) {
      problems.add(outage);
    }
    RegistrySnapshot previous = published;
    if (previous != null
        && previous.stale() == stale
        && previous.services().equals(contents.services())
        && previous.endpoints().equals(contents.endpoints())
        && previous.problems().equals(problems)) {
      return;
    }
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            registryId,
            previous == null ? 1 : previous.version() + 1,
            contents.services(),
            contents.endpoints(),
            stale,
            problems);
    for (String problem : problems) {
      if (previous == null || !previous.problems().contains(problem)) {
        logger.warn("kubernetes registry {}: {}", registryId, problem);
      }
    }
    logger.debug(
        "kubernetes registry {}: version {}, {} services, {} endpoints, stale {}",
        registryId,
        snapshot.version(),
        snapshot.services().size(),
        snapshot.endpoints().size(),
        stale);
    published = snapshot;
    try {
      listener.onSnapshot(snapshot);
    } catch (RuntimeException e) {
      logger.error(
          "kubernetes registry {}: the listener failed on version {}",
          registryId,
          snapshot.version(),
          e);
    }
  }
}
