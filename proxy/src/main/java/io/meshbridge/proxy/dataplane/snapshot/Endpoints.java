package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.dataplane.lb.WeightedRoundRobin;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of one cluster that serve traffic, with their pool keys. Deliberately compared by
 * identity: a config update that leaves a cluster's endpoints unchanged reuses the same instance,
 * which is how the round robin keeps its place across unrelated updates.
 */
public final class Endpoints {

  private final List<EndpointConfig> list;
  private final List<UpstreamKey> keys;
  private final @Nullable WeightedRoundRobin balancer;

  private Endpoints(List<EndpointConfig> list, List<UpstreamKey> keys) {
    this.list = list;
    this.keys = keys;
    this.balancer =
        list.isEmpty()
            ? null
            : new WeightedRoundRobin(list.stream().mapToInt(EndpointConfig::weight).toArray());
  }

  /**
   * The index of the endpoint for the next request, or -1 when none serves traffic. Shared by
   * every event loop (see {@link WeightedRoundRobin}); lock-free.
   */
  public int pick() {
    return balancer == null ? -1 : balancer.pick();
  }

  /**
   * The endpoints of {@code cluster} among {@code all} that {@link EndpointConfig#servesTraffic}.
   */
  public static Endpoints serving(String cluster, List<EndpointConfig> all) {
    List<EndpointConfig> serving = all.stream().filter(EndpointConfig::servesTraffic).toList();
    return new Endpoints(
        serving, serving.stream().map(e -> new UpstreamKey(cluster, e.host(), e.port())).toList());
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
