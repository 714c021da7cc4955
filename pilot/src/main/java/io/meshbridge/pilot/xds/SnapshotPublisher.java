package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.meshbridge.model.MeshModel;
import io.meshbridge.pilot.concurrent.SerialExecutor;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.ScopeNeeds;
import java.util.concurrent.atomic.AtomicReference;
import io.meshbridge.pilot.translate.ProxyScope;
import io.meshbridge.pilot.translate.Translator;
import io.meshbridge.pilot.translate.XdsResources;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the model for every scope seen so far and sets each scope's snapshot in the cache.
 *
 * <p>State lives on one {@link SerialExecutor}. Until the first {@link #publish}, no snapshot is
 * set: the watches of connecting proxies stay open (they keep their last config) and are answered
 * by the first snapshot. The {@linkplain ProxyScope#DEFAULT default scope} is always translated,
 * so that translation problems are known before any proxy connects.
 */
public final class SnapshotPublisher {

  private static final Logger logger = LoggerFactory.getLogger(SnapshotPublisher.class);

  /** Appended to the versions of a scope's last snapshot when nodes are grouped anew. */
  static final String REGROUP = "+regroup";

  private final SimpleCache<ProxyScope> cache;
  private final SerialExecutor executor;

  /** What the current policies need of a node; read by the cache's node grouping. */
  private final AtomicReference<ScopeNeeds> needs;

  private final SecuritySettings security;

  // Touched only from tasks on `executor`.
  /** Every full scope seen (all labels, locality); each is translated narrowed to `needs`. */
  private final Set<ProxyScope> scopes = new LinkedHashSet<>(List.of(ProxyScope.DEFAULT));
  /** The narrowed scopes snapshots were last set for. */
  private Set<ProxyScope> published = Set.of();
  /** Per scope, the versions of its types, each remembering its last push. */
  private final Map<ProxyScope, ScopeVersions> versions = new HashMap<>();
  private @Nullable MeshModel model;
  private PolicySet policies = PolicySet.EMPTY;
  /** The ROOTCA secret every SIDECAR scope gets; none until a CA sets it. */
  private List<Secret> secrets = List.of();

  private volatile List<String> problems = List.of();

  public SnapshotPublisher(SimpleCache<ProxyScope> cache, SerialExecutor executor) {
    this(cache, executor, new AtomicReference<>(ScopeNeeds.NONE));
  }

  /**
   * @param needs set here when policies change; the cache's {@link ScopeNodeGroup} groups nodes by
   *     it
   */
  public SnapshotPublisher(
      SimpleCache<ProxyScope> cache, SerialExecutor executor, AtomicReference<ScopeNeeds> needs) {
    this(cache, executor, needs, SecuritySettings.DEFAULT);
  }

  /** As above, translating with {@code security}'s trust domain and root namespace. */
  public SnapshotPublisher(
      SimpleCache<ProxyScope> cache,
      SerialExecutor executor,
      AtomicReference<ScopeNeeds> needs,
      SecuritySettings security) {
    this.cache = requireNonNull(cache, "cache");
    this.executor = requireNonNull(executor, "executor");
    this.needs = requireNonNull(needs, "needs");
    this.security = requireNonNull(security, "security");
  }

  /** Translates {@code newModel} for every known scope and sets their snapshots. */
  public void publish(MeshModel newModel) {
    publish(newModel, PolicySet.EMPTY);
  }

  /** Translates {@code newModel} under {@code newPolicies} for every known scope. */
  public void publish(MeshModel newModel, PolicySet newPolicies) {
    requireNonNull(newModel, "newModel");
    requireNonNull(newPolicies, "newPolicies");
    executor.execute(
        () -> {
          model = newModel;
          policies = newPolicies;
          ScopeNeeds current = ScopeNeeds.of(newPolicies);
          Set<ProxyScope> previous = published;
          needs.set(current);
          Set<ProxyScope> narrowed = new LinkedHashSet<>();
          scopes.forEach(scope -> narrowed.add(scope.narrowedTo(current)));
          narrowed.forEach(scope -> push(newModel, scope, ""));
          // A scope of the previous grouping gets one more snapshot under versions of its own, so
          // every watch still open on it is answered; the proxy's next request (its ACK) is
          // grouped anew and, its version differing, answered from its new scope.
          previous.stream().filter(scope -> !narrowed.contains(scope))
              .forEach(scope -> push(newModel, scope, REGROUP));
          published = narrowed;
          versions.keySet().retainAll(narrowed);
        });
  }

  /** Notes a (full) scope a proxy asked for; a new one gets its snapshot as soon as there is a model. */
  public void scopeSeen(ProxyScope scope) {
    requireNonNull(scope, "scope");
    executor.execute(
        () -> {
          MeshModel current = model;
          ProxyScope narrowed = scope.narrowedTo(needs.get());
          if (scopes.add(scope) && current != null && !published.contains(narrowed)) {
            push(current, narrowed, "");
            Set<ProxyScope> more = new LinkedHashSet<>(published);
            more.add(narrowed);
            published = more;
          }
        });
  }

  /**
   * Sets the {@code ROOTCA} secret (every trusted root, PEM) that every SIDECAR scope's snapshot
   * carries from now on, and pushes it to every scope published so far.
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
            published.forEach(scope -> push(current, scope, ""));
          }
        });
  }

  /** What the translator reported for the default scope at the last publish. */
  public List<String> problems() {
    return problems;
  }

  private void push(MeshModel current, ProxyScope scope, String versionSuffix) {
    XdsResources r =
        Translator.translate(current, policies, scope, security.withMeshTls(!secrets.isEmpty()));
    if (scope.equals(ProxyScope.DEFAULT)) {
      problems = r.problems();
    }
    ScopeVersions v = versions.computeIfAbsent(scope, s -> new ScopeVersions());
    List<Secret> scopeSecrets = scope.kind() == ProxyScope.Kind.SIDECAR ? secrets : List.of();
    Snapshot snapshot =
        Snapshot.create(
            r.clusters(),
            v.clusters().of(r.clusters()) + versionSuffix,
            r.endpoints(),
            v.endpoints().of(r.endpoints()) + versionSuffix,
            r.listeners(),
            v.listeners().of(r.listeners()) + versionSuffix,
            r.routes(),
            v.routes().of(r.routes()) + versionSuffix,
            scopeSecrets,
            v.secrets().of(scopeSecrets) + versionSuffix);
    logger.debug("snapshot for {}: {} clusters, {} listeners", scope, r.clusters().size(),
        r.listeners().size());
    cache.setSnapshot(scope, snapshot);
  }

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
