package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshbridge.model.support.SnapshotSequencer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state machine, confined to its one thread: applies cluster events, recomputes the
 * complete snapshot, and decides staleness from which watches are down.
 *
 * <p>Nothing is published before every watch has listed once (a partial first snapshot would
 * withdraw endpoints that a restarted pilot's proxies still use). A watch that has been down for
 * {@code staleAfter} makes the content stale: the last content keeps being published, marked stale
 * with a problem naming the watches; when they are all back, the content is published fresh, and
 * only what really changed.
 */
final class ClusterSync implements ClusterSource.Sink {

  private static final Logger logger = LoggerFactory.getLogger(ClusterSync.class);

  private final String registryId;
  private final MappingSettings settings;
  private final long staleAfterNanos;
  private final String staleAfterText;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final SnapshotSequencer publisher;
  private final ClusterState state = new ClusterState();
  private final Set<String> notListed;
  private final Map<String, Long> downSince = new HashMap<>();
  private final Map<String, String> unavailable = new TreeMap<>();
  private @Nullable String outage;
  private @Nullable Instant nextLeaseExpiry;
  private boolean dirty;

  ClusterSync(
      MappingSettings settings,
      Set<String> watches,
      Duration staleAfter,
      LongSupplier nanoTime,
      Clock clock,
      SnapshotSequencer publisher) {
    this.registryId = settings.source();
    this.settings = settings;
    this.staleAfterNanos = staleAfter.toNanos();
    this.staleAfterText = staleAfter.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    this.nanoTime = nanoTime;
    this.clock = clock;
    this.publisher = publisher;
    this.notListed = new HashSet<>(watches);
  }

  @Override
  public void upsert(HasMetadata object) {
    dirty |= state.upsert(object);
  }

  @Override
  public void delete(HasMetadata object) {
    dirty |= state.delete(object);
  }

  @Override
  public void listed(String watch) {
    if (notListed.remove(watch) && notListed.isEmpty()) {
      logger.info("kubernetes registry {}: every watch has listed", registryId);
    }
    dirty = true;
  }

  @Override
  public void unavailable(String watch, String reason) {
    notListed.remove(watch);
    unavailable.put(watch, reason);
    dirty = true;
  }

  /**
   * Called periodically with the watches that are not connected now; also maps again when a
   * registrar slice's lease has run out since the last time (no event says so).
   */
  void checkWatches(Set<String> notWatching) {
    Instant leaseDue = nextLeaseExpiry;
    if (leaseDue != null && !clock.instant().isBefore(leaseDue)) {
      dirty = true;
      flush();
    }
    long now = nanoTime.getAsLong();
    // Before its first list a watch has delivered nothing that could go stale; the first
    // snapshot waits for it anyway.
    Set<String> down = new HashSet<>(notWatching);
    down.removeAll(notListed);
    downSince.keySet().retainAll(down);
    down.forEach(w -> downSince.putIfAbsent(w, now));
    Set<String> longDown = new TreeSet<>();
    downSince.forEach(
        (w, since) -> {
          if (now - since >= staleAfterNanos && !unavailable.containsKey(w)) {
            longDown.add(w);
          }
        });
    String next =
        longDown.isEmpty()
            ? null
            : "Kubernetes API server: no watch for "
                + staleAfterText
                + " on "
                + String.join(", ", longDown)
                + "; serving the last content";
    if (next == null ? outage == null : next.equals(outage)) {
      return;
    }
    if (next == null) {
      logger.info("kubernetes registry {}: every watch is back", registryId);
    } else {
      logger.warn("kubernetes registry {}: {}", registryId, next);
    }
    outage = next;
    dirty = true;
    flush();
  }

  /**
   * Recomputes the whole snapshot if an event changed something since the last time. The registry
   * calls it after the events queued on its thread, so a burst is mapped once; there is no delay
   * (debouncing is pilot's job), and publishing skips what did not change.
   */
  void flush() {
    if (!dirty || !notListed.isEmpty()) {
      return;
    }
    dirty = false;
    Instant now = clock.instant();
    Contents contents = SnapshotMapper.map(state, settings, now);
    nextLeaseExpiry = SliceLeases.nextExpiry(state.slices(), now);
    List<String> problems = new ArrayList<>(contents.problems());
    unavailable.forEach((w, reason) -> problems.add("watch " + w + ": " + reason));
    if (outage != null) {
      problems.add(outage);
    }
    publisher.publish(contents.services(), contents.endpoints(), outage != null, problems);
  }
}
