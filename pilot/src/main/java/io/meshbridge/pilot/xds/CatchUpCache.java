package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.envoyproxy.controlplane.cache.CacheStatusInfo;
import io.envoyproxy.controlplane.cache.DeltaCacheStatusInfo;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.meshbridge.pilot.translate.ProxyScope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * java-control-plane's {@link SimpleCache}, with a cheaper way for a delta stream to catch up.
 *
 * <p>A delta stream whose last response was for an older snapshot than the current one (it was
 * still answering or ACKing when the newer snapshot was set, which under endpoint churn is most
 * streams) is answered by {@code SimpleCache} when it opens its next watch, by comparing every
 * resource it tracks with the current snapshot: O(resources) per stream per push, 20 % of pilot's
 * CPU at 2000 proxies (BENCHMARKS.md, round 3). Here that comparison is made once per pair of type
 * versions — the version the stream has and the current one — and shared by every stream making
 * the same step: each stream then only filters the changed and removed names, O(changed).
 *
 * <p>This relies on what both paths already rely on: a delta stream whose last response carried
 * type version V tracks exactly V's resources (of those it is interested in), because each response
 * is the whole difference from what it tracked; and pilot's type versions are content hashes, so V
 * names one set of resources whichever scope's snapshot carried it. A stream whose version is not
 * among the last {@link #VERSIONS_KEPT} of its type, or that subscribed to new names, or a
 * changed-clusters request for endpoints, takes {@code SimpleCache}'s path unchanged.
 */
final class CatchUpCache extends SimpleCache<ProxyScope> {

  private static final Logger logger = LoggerFactory.getLogger(CatchUpCache.class);

  /** Type versions remembered per type, newest first out last; each holds only references. */
  static final int VERSIONS_KEPT = 16;

  private final NodeGroup<ProxyScope> groups;
  private final Map<ResourceType, Cache<String, Map<String, VersionedResource<?>>>> history =
      new HashMap<>();
  private final Cache<Step, Difference> differences =
      CacheBuilder.newBuilder().maximumSize(4L * VERSIONS_KEPT).build();

  /** One step from a type's version to another. */
  private record Step(ResourceType type, String from, String to) {}

  /** What changed in one step: resources new or with another version, and names gone. */
  record Difference(Map<String, VersionedResource<?>> changed, List<String> removed) {
    static Difference between(
        Map<String, VersionedResource<?>> from, Map<String, VersionedResource<?>> to) {
      Map<String, VersionedResource<?>> changed = new HashMap<>();
      to.forEach(
          (name, resource) -> {
            VersionedResource<?> before = from.get(name);
            if (before == null || !before.version().equals(resource.version())) {
              changed.put(name, resource);
            }
          });
      List<String> removed = from.keySet().stream().filter(name -> !to.containsKey(name)).toList();
      return new Difference(Map.copyOf(changed), removed);
    }
  }

  CatchUpCache(NodeGroup<ProxyScope> groups) {
    super(groups);
    this.groups = requireNonNull(groups, "groups");
    for (ResourceType type : ResourceType.values()) {
      history.put(type, CacheBuilder.newBuilder().maximumSize(VERSIONS_KEPT).build());
    }
  }

  @Override
  public synchronized void setSnapshot(ProxyScope group, Snapshot snapshot) {
    for (ResourceType type : ResourceType.values()) {
      history.get(type).put(snapshot.version(type, List.of()), snapshot.versionedResources(type));
    }
    super.setSnapshot(group, snapshot);
  }

  @Override
  public DeltaWatch createDeltaWatch(
      DeltaXdsRequest request,
      String requesterVersion,
      Map<String, String> resourceVersions,
      Set<String> pendingResources,
      boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer,
      boolean hasClusterChanged) {
    ResourceType type = request.getResourceType();
    Snapshot snapshot = type == null ? null : getSnapshot(groups.hash(request.v3Request().getNode()));
    Map<String, VersionedResource<?>> from =
        type == null || requesterVersion.isEmpty()
            ? null
            : history.get(type).getIfPresent(requesterVersion);
    String version = snapshot == null ? "" : snapshot.version(type, List.of());
    if (snapshot == null
        || from == null
        || version.equals(requesterVersion)
        || !pendingResources.isEmpty()
        || (hasClusterChanged && type == ResourceType.ENDPOINT)) {
      return super.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources,
          isWildcard, responseConsumer, hasClusterChanged);
    }
    Difference difference = difference(new Step(type, requesterVersion, version), from, snapshot);
    Map<String, VersionedResource<?>> changed = new HashMap<>();
    difference.changed().forEach(
        (name, resource) -> {
          String tracked = resourceVersions.get(name);
          if (tracked == null ? isWildcard : !tracked.equals(resource.version())) {
            changed.put(name, resource);
          }
        });
    List<String> removed =
        difference.removed().stream().filter(resourceVersions::containsKey).toList();
    if (changed.isEmpty() && removed.isEmpty()) {
      // Nothing this stream tracks changed in the step: it holds the current version's resources,
      // so its watch waits from the current version (the next snapshot answers it by difference).
      return super.createDeltaWatch(request, version, resourceVersions, pendingResources,
          isWildcard, responseConsumer, false);
    }
    DeltaWatch watch = new DeltaWatch(request, ImmutableMap.copyOf(resourceVersions),
        ImmutableSet.copyOf(pendingResources), requesterVersion, isWildcard, responseConsumer);
    try {
      watch.respond(DeltaResponse.create(request, changed, removed, version));
    } catch (WatchCancelledException e) {
      logger.debug("{} watch of node {} cancelled before its catch-up to {}",
          request.getTypeUrl(), request.v3Request().getNode().getId(), version);
    }
    return watch;
  }

  /**
   * Answers the delta watches opened on a group before it had a snapshot against what each
   * tracks. {@code SimpleCache} answers open delta watches with the difference between the
   * group's previous snapshot and the new one, which is what they track — except when there was
   * none: then it names nothing as removed, and a proxy that reconnected with
   * {@code initial_resource_versions} ({@link InitialVersionsWatcher}) before its scope's snapshot
   * was set (a race: the scope is set on the publisher's executor) kept a listener removed while
   * it was away (CachedBootIT failed so in CI).
   */
  @Override
  protected void respondWithSpecificOrder(
      ProxyScope group,
      @Nullable Snapshot previousSnapshot,
      Snapshot snapshot,
      Map<ResourceType, CacheStatusInfo<ProxyScope>> statusMap,
      Map<ResourceType, DeltaCacheStatusInfo<ProxyScope>> deltaStatusMap) {
    if (previousSnapshot != null || deltaStatusMap.isEmpty()) {
      super.respondWithSpecificOrder(group, previousSnapshot, snapshot, statusMap, deltaStatusMap);
      return;
    }
    super.respondWithSpecificOrder(group, null, snapshot, statusMap, Map.of());
    for (ResourceType type : Resources.RESOURCE_TYPES_IN_ORDER) {
      DeltaCacheStatusInfo<ProxyScope> status = deltaStatusMap.get(type);
      if (status != null) {
        String version = snapshot.version(type, List.of());
        Map<String, VersionedResource<?>> resources = snapshot.versionedResources(type);
        status.watchesRemoveIf((id, watch) -> !watch.version().equals(version)
            && answered(watch, resources, version));
      }
    }
  }

  /** Sends {@code watch} what differs from what it tracks; false if nothing does. */
  private static boolean answered(
      DeltaWatch watch, Map<String, VersionedResource<?>> resources, String version) {
    Map<String, VersionedResource<?>> changed = new HashMap<>();
    resources.forEach(
        (name, resource) -> {
          String tracked = watch.trackedResources().get(name);
          if (watch.pendingResources().contains(name)
              || (tracked == null ? watch.isWildcard() : !tracked.equals(resource.version()))) {
            changed.put(name, resource);
          }
        });
    List<String> removed =
        watch.trackedResources().keySet().stream().filter(n -> !resources.containsKey(n)).toList();
    if (changed.isEmpty() && removed.isEmpty()) {
      return false;
    }
    try {
      watch.respond(DeltaResponse.create(watch.request(), changed, removed, version));
    } catch (WatchCancelledException e) {
      logger.debug("{} watch cancelled before its first snapshot {}",
          watch.request().getTypeUrl(), version);
    }
    return true;
  }

  private Difference difference(
      Step step, Map<String, VersionedResource<?>> from, Snapshot snapshot) {
    try {
      return differences.get(
          step, () -> Difference.between(from, snapshot.versionedResources(step.type())));
    } catch (ExecutionException e) {
      throw new IllegalStateException("difference " + step, e.getCause());
    }
  }
}
