package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.cache.StatusInfo;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.meshbridge.model.MeshModel;
import io.meshbridge.pilot.concurrent.SerialExecutor;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.ProxyScope;
import io.meshbridge.pilot.translate.ScopeNeeds;
import io.meshbridge.pilot.translate.Translator;
import io.meshbridge.pilot.translate.XdsResources;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the model once per <em>narrowed</em> scope and sets that snapshot on every
 * <em>full</em> scope in use that narrows to it.
 *
 * <p>The cache groups nodes by their full {@link ProxyScope} ({@link ScopeNodeGroup}), which
 * changes only when the node does, so a watch never moves between groups. What the policies read
 * of a node ({@link ScopeNeeds}: some labels, the locality) decides the narrowed scope a
 * translation is made for: thousands of proxies with distinct labels share a handful of
 * translations, and the cache holds one reference per full scope to those shared snapshots. When
 * the policies start or stop reading a label, each full scope is set to its new narrowed scope's
 * snapshot, and the cache answers its open watches with whatever differs. Versions are hashes of
 * the content ({@link TypeVersions}), so a proxy whose config did not change hears nothing.
 *
 * <p>Full scopes are counted by the streams using them ({@link #used}, {@link #released}); one no
 * stream uses is taken out of the cache (at once, or once its last watch is gone). State lives on
 * one {@link SerialExecutor}. Until the first {@link #publish}, no snapshot is set: watches stay
 * open and the first snapshot answers them. The {@linkplain ProxyScope#DEFAULT default scope} is
 * always translated, so that translation problems are known before any proxy connects.
 */
public final class SnapshotPublisher {

  private static final Logger logger = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final SimpleCache<ProxyScope> cache;
  private final SerialExecutor executor;
  private final SecuritySettings security;

  // Touched only from tasks on `executor`.
  /** Per full scope in use: how many streams use it; the default scope's count starts at 1. */
  private final Map<ProxyScope, Integer> users = new LinkedHashMap<>(Map.of(ProxyScope.DEFAULT, 1));
  /** Full scopes no stream uses whose cache entry still had watches when they were released. */
  private final Set<ProxyScope> retired = new HashSet<>();
  /** What the current policies read of a node. */
  private ScopeNeeds needs = ScopeNeeds.NONE;
  /** Per narrowed scope: its current snapshot, shared by every full scope narrowing to it. */
  private Map<ProxyScope, Published> snapshots = new HashMap<>();
  /** Per narrowed scope, the versions of its types, each remembering its last push. */
  private final Map<ProxyScope, ScopeVersions> versions = new HashMap<>();
  private @Nullable MeshModel model;
  private PolicySet policies = PolicySet.EMPTY;
  /** The ROOTCA secret every SIDECAR scope gets; none until a CA sets it. */
  private List<Secret> secrets = List.of();

  private volatile List<String> problems = List.of();

  public SnapshotPublisher(SimpleCache<ProxyScope> cache, SerialExecutor executor) {
    this(cache, executor, SecuritySettings.DEFAULT);
  }

  /** As above, translating with {@code security}'s trust domain and root namespace. */
  public SnapshotPublisher(
      SimpleCache<ProxyScope> cache, SerialExecutor executor, SecuritySettings security) {
    this.cache = requireNonNull(cache, "cache");
    this.executor = requireNonNull(executor, "executor");
    this.security = requireNonNull(security, "security");
  }

  /** Translates {@code newModel} for every scope in use and sets their snapshots. */
  public void publish(MeshModel newModel) {
    publish(newModel, PolicySet.EMPTY);
  }

  /** Translates {@code newModel} under {@code newPolicies} for every scope in use. */
  public void publish(MeshModel newModel, PolicySet newPolicies) {
    requireNonNull(newModel, "newModel");
    requireNonNull(newPolicies, "newPolicies");
    executor.execute(
        () -> {
          model = newModel;
          policies = newPolicies;
          needs = ScopeNeeds.of(newPolicies);
          retired.removeIf(this::cleared);
          republish(newModel, snapshots);
        });
  }

  /**
   * Notes that one more stream's node has the full {@code scope}; a scope new to the cache gets
   * its snapshot as soon as there is a model.
   */
  public void used(ProxyScope scope) {
    requireNonNull(scope, "scope");
    executor.execute(
        () -> {
          retired.remove(scope);
          MeshModel current = model;
          if (users.merge(scope, 1, Integer::sum) == 1 && current != null) {
            Published p =
                snapshots.computeIfAbsent(scope.narrowedTo(needs), n -> translate(current, n));
            cache.setSnapshot(scope, p.snapshot());
          }
        });
  }

  /** Notes that a stream whose node had the full {@code scope} closed or changed its node. */
  public void released(ProxyScope scope) {
    requireNonNull(scope, "scope");
    executor.execute(
        () -> {
          Integer left = users.computeIfPresent(scope, (s, n) -> n == 1 ? null : n - 1);
          if (left == null && !cleared(scope)) {
            retired.add(scope);
          }
        });
  }

  /**
   * Sets the {@code ROOTCA} secret (every trusted root, PEM) that every SIDECAR scope's snapshot
   * carries from now on, and pushes it to every scope in use.
   */
  public void trustBundle(String rootsPem) {
    Secret secret = TrustBundles.rootCa(requireNonNull(rootsPem, "rootsPem"));
    executor.execute(
        () -> {
          if (secrets.equals(List.of(secret))) {
            return;
          }
          secrets = List.of(secret);
          MeshModel current = model;
          if (current != null) {
            republish(current, snapshots);
          }
        });
  }

  /** What the translator reported for the default scope at the last publish. */
  public List<String> problems() {
    return problems;
  }

  /**
   * Translates each narrowed scope once, keeping {@code previous}'s snapshot where no version
   * changed, and sets on each full scope in use the snapshot it narrows to, unless the cache has
   * that very snapshot already.
   */
  private void republish(MeshModel current, Map<ProxyScope, Published> previous) {
    Map<ProxyScope, Published> next = new HashMap<>();
    for (ProxyScope full : users.keySet()) {
      Published p =
          next.computeIfAbsent(
              full.narrowedTo(needs),
              narrowed -> {
                Published fresh = translate(current, narrowed);
                Published old = previous.get(narrowed);
                return old != null && old.versions().equals(fresh.versions()) ? old : fresh;
              });
      if (cache.getSnapshot(full) != p.snapshot()) {
        cache.setSnapshot(full, p.snapshot());
      }
    }
    snapshots = next;
    versions.keySet().retainAll(next.keySet());
  }

  /** Takes {@code full} out of the cache if no watch is open on it; false if one still is. */
  private boolean cleared(ProxyScope full) {
    StatusInfo<ProxyScope> status = cache.statusInfo(full);
    return (status == null || status.numWatches() == 0) && cache.clearSnapshot(full);
  }

  private Published translate(MeshModel current, ProxyScope scope) {
    XdsResources r =
        Translator.translate(current, policies, scope, security.withMeshTls(!secrets.isEmpty()));
    if (scope.equals(ProxyScope.DEFAULT)) {
      problems = r.problems();
    }
    ScopeVersions v = versions.computeIfAbsent(scope, s -> new ScopeVersions());
    List<Secret> scopeSecrets = scope.kind() == ProxyScope.Kind.SIDECAR ? secrets : List.of();
    // Unchanged resources are the previous push's instances (TypeVersions.versioned).
    TypeVersions.Versioned<Cluster> clusters = v.clusters().versioned(r.clusters());
    TypeVersions.Versioned<ClusterLoadAssignment> endpoints =
        v.endpoints().versioned(r.endpoints());
    TypeVersions.Versioned<Listener> listeners = v.listeners().versioned(r.listeners());
    TypeVersions.Versioned<RouteConfiguration> routes = v.routes().versioned(r.routes());
    TypeVersions.Versioned<Secret> secretsOfScope = v.secrets().versioned(scopeSecrets);
    List<String> typeVersions =
        List.of(
            clusters.version(),
            endpoints.version(),
            listeners.version(),
            routes.version(),
            secretsOfScope.version());
    Snapshot snapshot =
        Snapshot.create(
            clusters.resources(),
            clusters.version(),
            endpoints.resources(),
            endpoints.version(),
            listeners.resources(),
            listeners.version(),
            routes.resources(),
            routes.version(),
            secretsOfScope.resources(),
            secretsOfScope.version());
    logger.debug("snapshot for {}: {} clusters, {} listeners", scope, r.clusters().size(),
        r.listeners().size());
    return new Published(snapshot, typeVersions);
  }

  /** A narrowed scope's snapshot, with the versions of its five types in snapshot order. */
  private record Published(Snapshot snapshot, List<String> versions) {}

  /** The versions of one scope's types, each remembering its last push. */
  private record ScopeVersions(
      TypeVersions clusters,
      TypeVersions endpoints,
      TypeVersions listeners,
      TypeVersions routes,
      TypeVersions secrets) {
    ScopeVersions() {
      this(
          new TypeVersions(),
          new TypeVersions(),
          new TypeVersions(),
          new TypeVersions(),
          new TypeVersions());
    }
  }
}
