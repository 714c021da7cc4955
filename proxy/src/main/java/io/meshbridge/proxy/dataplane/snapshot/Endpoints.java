package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.dataplane.lb.LeastRequest;
import io.meshbridge.proxy.dataplane.lb.WeightedRandom;
import io.meshbridge.proxy.dataplane.lb.WeightedRoundRobin;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of one cluster that serve traffic, with their pool keys. Deliberately compared by
 * identity: a config update that leaves a cluster's endpoints unchanged reuses the same instance,
 * which is how the round robin keeps its place (and LEAST_REQUEST its active counts) across
 * unrelated updates.
 */
public final class Endpoints {

  private final List<EndpointConfig> list;
  private final List<UpstreamKey> keys;
  private final LbPolicy policy;
  private final @Nullable WeightedRoundRobin roundRobin;
  private final @Nullable WeightedRandom random;
  private final @Nullable LeastRequest leastRequest;

  private Endpoints(List<EndpointConfig> list, List<UpstreamKey> keys, LbPolicy policy) {
    this.list = list;
    this.keys = keys;
    this.policy = policy;
    int[] weights = list.stream().mapToInt(EndpointConfig::weight).toArray();
    boolean any = !list.isEmpty();
    this.roundRobin =
        any && policy == LbPolicy.ROUND_ROBIN ? new WeightedRoundRobin(weights) : null;
    this.random = any && policy == LbPolicy.RANDOM ? new WeightedRandom(weights) : null;
    this.leastRequest = any && policy == LbPolicy.LEAST_REQUEST ? new LeastRequest(weights) : null;
  }

  /**
   * The index of the endpoint for the next request, or -1 when none serves traffic. Shared by
   * every event loop; lock-free. Callers pair it with {@link #started} and {@link #finished}.
   */
  public int pick() {
    if (roundRobin != null) {
      return roundRobin.pick();
    }
    if (random != null) {
      return random.pick();
    }
    return leastRequest == null ? -1 : leastRequest.pick();
  }

  /** A request to endpoint {@code index} began. */
  public void started(int index) {
    if (leastRequest != null) {
      leastRequest.started(index);
    }
  }

  /** A request {@link #started} on endpoint {@code index} ended (exactly once per start). */
  public void finished(int index) {
    if (leastRequest != null) {
      leastRequest.finished(index);
    }
  }

  public LbPolicy policy() {
    return policy;
  }

  /**
   * The endpoints of {@code cluster} among {@code all} that {@link EndpointConfig#servesTraffic},
   * balanced with {@code policy}.
   */
  public static Endpoints serving(String cluster, List<EndpointConfig> all, LbPolicy policy) {
    List<EndpointConfig> serving = all.stream().filter(EndpointConfig::servesTraffic).toList();
    return new Endpoints(
        serving,
        serving.stream().map(e -> new UpstreamKey(cluster, e.host(), e.port())).toList(),
        policy);
  }

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

  @Override
  public String toString() {
    return keys.toString();
  }
}
