package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.concurrent.SerialExecutor;
import io.meshbridge.pilot.policy.WorkloadEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auto-registered WorkloadEntries, in pilot's memory. An entry lives while its proxy has an
 * xDS stream open and one grace period after the last one closes; a stream opened within the grace
 * period keeps it, unchanged (no flap in the model). Every change hands the complete list to the
 * sink (the {@code istio-config} registry).
 *
 * <p>All state is confined to the serializing executor; {@link #entries} is a published copy.
 */
public final class AutoRegistry {

  private static final Logger logger = LoggerFactory.getLogger(AutoRegistry.class);

  private final SerialExecutor executor;
  private final Clock clock;
  private final AutoRegistrationSettings settings;
  private final Consumer<List<AutoRegisteredEntry>> sink;
  private final AutoRegistrationMetrics metrics = new AutoRegistrationMetrics();

  // Confined to `executor`.
  private final Map<String, State> byKey = new HashMap<>();
  private final Map<Long, String> keyOfStream = new HashMap<>();

  private volatile List<AutoRegisteredEntry> published = List.of();

  /** One entry: what it is, which streams hold it, since when. */
  private static final class State {
    WorkloadEntry entry;
    final String group;
    String identity;
    final Set<Long> streams = new HashSet<>();
    @Nullable Instant connectedAt;
    @Nullable Instant disconnectedAt;
    boolean healthy = true;
    long generation;

    State(WorkloadEntry entry, String group, String identity) {
      this.entry = entry;
      this.group = group;
      this.identity = identity;
    }

    AutoRegisteredEntry view() {
      return new AutoRegisteredEntry(
          entry, group, identity, streams.size(), connectedAt, disconnectedAt, healthy);
    }
  }

  public AutoRegistry(
      SerialExecutor executor,
      Clock clock,
      AutoRegistrationSettings settings,
      Consumer<List<AutoRegisteredEntry>> sink) {
    this.executor = requireNonNull(executor, "executor");
    this.clock = requireNonNull(clock, "clock");
    this.settings = requireNonNull(settings, "settings");
    this.sink = requireNonNull(sink, "sink");
  }

  public AutoRegistrationMetrics metrics() {
    return metrics;
  }

  public AutoRegistrationSettings settings() {
    return settings;
  }

  /** The entries as of the last change, in (namespace, name) order. */
  public List<AutoRegisteredEntry> entries() {
    return published;
  }

  /** Stream {@code streamId} of a proxy with certificate {@code identity} holds {@code entry}. */
  public void connected(long streamId, WorkloadEntry entry, String group, String identity) {
    requireNonNull(entry, "entry");
    requireNonNull(group, "group");
    requireNonNull(identity, "identity");
    Instant now = clock.instant();
    executor.execute(() -> onConnected(streamId, entry, group, identity, now));
  }

  /** Stream {@code streamId} closed; nothing happens unless it held an entry. */
  public void disconnected(long streamId) {
    Instant now = clock.instant();
    executor.execute(() -> onDisconnected(streamId, now));
  }

  /**
   * The workload of entry {@code key} ({@code namespace/name}) reported its health over a stream
   * authenticated as {@code identity}; ignored unless that is the entry's identity.
   */
  public void health(String key, String identity, boolean healthy) {
    requireNonNull(key, "key");
    requireNonNull(identity, "identity");
    executor.execute(() -> onHealth(key, identity, healthy));
  }

  private void onConnected(
      long streamId, WorkloadEntry entry, String group, String identity, Instant now) {
    String key = entry.namespace() + "/" + entry.name();
    keyOfStream.put(streamId, key);
    State state = byKey.get(key);
    if (state == null) {
      state = new State(entry, group, identity);
      byKey.put(key, state);
      metrics.registered();
      logger.info("auto-registered WorkloadEntry {} (address {}) from WorkloadGroup {}/{} for {}",
          key, entry.workload().address(), entry.namespace(), group, identity);
    } else {
      if (state.streams.isEmpty()) {
        metrics.reconnected();
        logger.info("WorkloadEntry {} reconnected within the grace period: kept", key);
      }
      state.entry = entry;
      state.identity = identity;
    }
    state.streams.add(streamId);
    state.connectedAt = state.connectedAt == null ? now : state.connectedAt;
    state.disconnectedAt = null;
    state.generation++;
    publish();
  }

  private void onDisconnected(long streamId, Instant now) {
    String key = keyOfStream.remove(streamId);
    State state = key == null ? null : byKey.get(key);
    if (state == null || !state.streams.remove(streamId) || !state.streams.isEmpty()) {
      return;
    }
    state.connectedAt = null;
    state.disconnectedAt = now;
    long generation = ++state.generation;
    metrics.unregistered();
    logger.info("WorkloadEntry {} disconnected; deleted in {} unless its proxy reconnects", key,
        settings.gracePeriod());
    executor.schedule(() -> expire(key, generation), settings.gracePeriod());
    publish();
  }

  private void expire(String key, long generation) {
    State state = byKey.get(key);
    if (state == null || state.generation != generation || !state.streams.isEmpty()) {
      return;
    }
    byKey.remove(key);
    metrics.deleted();
    logger.info("deleted auto-registered WorkloadEntry {}: no reconnect within {}", key,
        settings.gracePeriod());
    publish();
  }

  private void onHealth(String key, String identity, boolean healthy) {
    State state = byKey.get(key);
    if (state == null || !state.identity.equals(identity) || state.healthy == healthy) {
      return;
    }
    state.healthy = healthy;
    logger.info("WorkloadEntry {} is now {}", key, healthy ? "healthy" : "unhealthy");
    publish();
  }

  private void publish() {
    List<AutoRegisteredEntry> entries =
        byKey.values().stream()
            .map(State::view)
            .sorted(Comparator.comparing(AutoRegisteredEntry::key))
            .toList();
    published = entries;
    sink.accept(entries);
  }
}
