package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import java.util.List;

/**
 * The endpoints of one cluster that serve traffic, with their pool keys. Deliberately compared by
 * identity: a config update that leaves a cluster's endpoints unchanged reuses the same instance,
 * which is how load balancers know to keep their state.
 */
public final class Endpoints {

  private final List<EndpointConfig> list;
  private final List<UpstreamKey> keys;

  private Endpoints(List<EndpointConfig> list, List<UpstreamKey> keys) {
    this.list = list;
    this.keys = keys;
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
