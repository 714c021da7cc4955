package io.meshbridge.model.support;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Numbers an adapter's snapshots and hands them to the listener, only when services, endpoints,
 * problems or staleness differ from the last one published: a registry that re-reads the same
 * content pushes nothing to proxies. A problem is logged once, when it first appears. Confined to
 * the adapter's thread.
 */
public final class SnapshotSequencer {

  private static final System.Logger logger = System.getLogger(SnapshotSequencer.class.getName());

  private final String description;
  private final String registryId;
  private final SnapshotListener listener;
  private @Nullable RegistrySnapshot published;

  /**
   * @param description names the adapter in log lines, e.g. {@code "consul registry c1"}
   */
  public SnapshotSequencer(String description, String registryId, SnapshotListener listener) {
    this.description = requireNonNull(description, "description");
    this.registryId = requireNonNull(registryId, "registryId");
    this.listener = requireNonNull(listener, "listener");
  }

  /**
   * Publishes this content unless it equals the last snapshot's. A listener that throws is logged;
   * the snapshot still counts as published.
   *
   * @return whether a snapshot was published
   */
  public boolean publish(
      List<Service> services, List<Endpoint> endpoints, boolean stale, List<String> problems) {
    RegistrySnapshot previous = published;
    if (previous != null
        && previous.stale() == stale
        && previous.services().equals(services)
        && previous.endpoints().equals(endpoints)
        && previous.problems().equals(problems)) {
      return false;
    }
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            registryId,
            previous == null ? 1 : previous.version() + 1,
            services,
            endpoints,
            stale,
            problems);
    for (String problem : snapshot.problems()) {
      if (previous == null || !previous.problems().contains(problem)) {
        logger.log(Level.WARNING, "{0}: {1}", description, problem);
      }
    }
    logger.log(
        Level.DEBUG,
        "{0}: version {1}, {2} services, {3} endpoints, stale {4}",
        description,
        snapshot.version(),
        snapshot.services().size(),
        snapshot.endpoints().size(),
        stale);
    published = snapshot;
    try {
      listener.onSnapshot(snapshot);
    } catch (RuntimeException e) {
      logger.log(
          Level.ERROR, description + ": the listener failed on version " + snapshot.version(), e);
    }
    return true;
  }

  /**
   * Publishes the last content again, marked stale with {@code problem} added: what an adapter
   * does when its registry goes away. Nothing is published before the first snapshot (there is
   * no good content to keep), or when the last one is stale already (it names the first reason).
   *
   * @return whether a snapshot was published
   */
  public boolean publishStale(String problem) {
    requireNonNull(problem, "problem");
    RegistrySnapshot last = published;
    if (last == null || last.stale()) {
      return false;
    }
    List<String> problems = new ArrayList<>(last.problems());
    problems.add(problem);
    return publish(last.services(), last.endpoints(), true, problems);
  }

  /** The last snapshot published, or null before the first. */
  public @Nullable RegistrySnapshot last() {
    return published;
  }
}
