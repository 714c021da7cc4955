package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.dataplane.lb.Balancer;
import io.meshbridge.proxy.dataplane.lb.HostHealth;
import io.meshbridge.proxy.dataplane.lb.HostLoad;
import io.meshbridge.proxy.dataplane.lb.OutlierDetector;
import io.meshbridge.proxy.dataplane.lb.Picker;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of one cluster that serve traffic, with their pool keys, load and (with outlier
 * detection) ejection state. Deliberately compared by identity: a config update that leaves a
 * cluster's endpoints and balancing unchanged reuses the same instance, which is how the round
 * robin keeps its place (and LEAST_REQUEST its active counts) across unrelated updates.
 *
 * <p>Picks go through an immutable {@link Picker} built off the hot path: when the endpoints change
 * (a new instance) and, on the detector's executor, when an ejection starts or ends.
 */
public final class Endpoints {

  private final List<EndpointConfig> all;
  private final List<EndpointConfig> list;
  private final List<UpstreamKey> keys;
  private final String[] hashKeys;
  private final LbPolicy policy;
  private final LbSettings settings;
  private final ClusterTransport transport;
  private final HostLoad load;
  private final @Nullable OutlierDetector detector;
  private final HostHealth @Nullable [] health;
  private volatile @Nullable Picker picker;

  private Endpoints(
      String cluster,
      List<EndpointConfig> all,
      LbPolicy policy,
      LbSettings settings,
      ClusterTransport transport,
      @Nullable OutlierDetector detector,
      LongSupplier nanoTime) {
    this.all = List.copyOf(all);
    this.list = servingOnly(all);
    this.transport = transport;
    this.keys = list.stream()
        .map(e -> new UpstreamKey(
            cluster, e.host(), e.port(), transport.forEndpoint(e.transportMatch())))
        .toList();
    this.hashKeys = keys.stream().map(UpstreamKey::authority).toArray(String[]::new);
    this.policy = policy;
    this.settings = settings;
    this.load = new HostLoad(list.size(), settings.ewmaDecay().toNanos(), nanoTime);
    this.detector = detector;
    this.health = detector == null ? null : detector.track(List.of(hashKeys), this::rebuild);
    rebuild();
  }

  /** Rebuilds the picker from the ejections as they are now. */
  private void rebuild() {
    boolean[] available = new boolean[list.size()];
    for (int i = 0; i < available.length; i++) {
      available[i] = health == null || !health[i].ejected();
    }
    picker =
        list.isEmpty()
            ? null
            : Picker.build(policy, settings, list, hashKeys, available, load, Picker.totals(all));
  }

  /**
   * The index of the endpoint for the next request, or -1 when none serves traffic. Shared by
   * every event loop; lock-free. Callers pair it with {@link #started} and {@link #finished}.
   */
  public int pick() {
    Picker p = picker;
    return p == null ? -1 : p.pick(false, Balancer.NO_HASH);
  }

  /** {@link #pick()} for a request with a hash (from the route's {@code hash_policy}). */
  public int pick(long hash) {
    Picker p = picker;
    return p == null ? -1 : p.pick(true, hash);
  }

  /** {@link #pick(long)} with the hash, {@link #pick()} without. */
  public int pick(OptionalLong hash) {
    return hash.isPresent() ? pick(hash.getAsLong()) : pick();
  }

  /**
   * {@link #pick(OptionalLong)} leaving out the priorities set in {@code excludedPriorities} (bit
   * p = priority p), as a retry with Envoy's {@code previous_priorities} picks.
   */
  public int pick(OptionalLong hash, long excludedPriorities) {
    Picker p = picker;
    if (p == null) {
      return -1;
    }
    return p.pick(hash.isPresent(), hash.isPresent() ? hash.getAsLong() : Balancer.NO_HASH,
        excludedPriorities);
  }

  /** The EDS priority of endpoint {@code index}. */
  public int priority(int index) {
    return list.get(index).priority();
  }

  /** A request to endpoint {@code index} began. */
  public void started(int index) {
    load.started(index);
  }

  /** A request {@link #started} on endpoint {@code index} ended (exactly once per start). */
  public void finished(int index) {
    load.finished(index);
  }

  /**
   * An attempt on endpoint {@code index} got response headers with {@code status} after {@code
   * latencyNanos} (for outlier detection and PEAK_EWMA). Local results count as Envoy counts
   * them: a connect failure or reset as 503, a timeout as 504 ({@link #connectFailed}).
   */
  public void responded(int index, int status, long latencyNanos) {
    load.latency(index, latencyNanos);
    report(index, status);
  }

  /** Connecting to endpoint {@code index} failed (a gateway error for outlier detection). */
  public void connectFailed(int index) {
    report(index, 503);
  }

  /** An attempt on endpoint {@code index} ended locally with {@code status} (503 reset, 504). */
  public void report(int index, int status) {
    OutlierDetector d = detector;
    if (d != null && health != null) {
      d.report(health[index], status);
    }
  }

  public LbPolicy policy() {
    return policy;
  }

  ClusterTransport transport() {
    return transport;
  }

  LbSettings settings() {
    return settings;
  }

  @Nullable OutlierDetector detector() {
    return detector;
  }

  /**
   * The endpoints of {@code cluster} among {@code all} that {@link EndpointConfig#servesTraffic},
   * balanced with {@code policy}, without outlier detection. The others count in the health of
   * their priority level and locality, as in Envoy.
   */
  public static Endpoints serving(String cluster, List<EndpointConfig> all, LbPolicy policy) {
    return new Endpoints(cluster, all, policy, LbSettings.DEFAULTS, ClusterTransport.PLAINTEXT,
        null, System::nanoTime);
  }

  /** The serving endpoints of {@code cluster}, ejected by {@code detector} when not null. */
  static Endpoints serving(
      ClusterConfig cluster,
      List<EndpointConfig> all,
      @Nullable OutlierDetector detector,
      LongSupplier nanoTime) {
    return new Endpoints(cluster.name(), all, cluster.lbPolicy(), cluster.lb(),
        cluster.transport(), detector, nanoTime);
  }

  static List<EndpointConfig> servingOnly(List<EndpointConfig> all) {
    return all.stream().filter(EndpointConfig::servesTraffic).toList();
  }

  /** Every endpoint of the cluster, serving or not (their health counts in priority loads). */
  List<EndpointConfig> all() {
    return all;
  }

  /** The endpoints that serve traffic; indices refer to this list. */
  public List<EndpointConfig> list() {
    return list;
  }

  public int size() {
    return list.size();
  }

  public UpstreamKey key(int index) {
    return keys.get(index);
  }

  public List<UpstreamKey> keys() {
    return keys;
  }

  /** The weights, in endpoint order. */
  public int[] weights() {
    return list.stream().mapToInt(EndpointConfig::weight).toArray();
  }

  /** Whether endpoint {@code index} is ejected by outlier detection now. */
  public boolean ejected(int index) {
    return health != null && health[index].ejected();
  }

  @Override
  public String toString() {
    return keys.toString();
  }
}
