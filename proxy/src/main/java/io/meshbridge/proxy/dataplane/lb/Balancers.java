package io.meshbridge.proxy.dataplane.lb;

import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.Endpoints;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The round robin state of every cluster on one event loop (like Envoy's per-worker load
 * balancers): no lock, no sharing. A cluster's state survives config updates as long as its {@link
 * Endpoints} instance does, so alternation does not reset on unrelated updates.
 */
public final class Balancers {

  private final Map<String, Entry> byCluster = new HashMap<>();

  /** The index (into {@code cluster.endpoints()}) of the endpoint for the next request, or -1. */
  public int pick(ClusterState cluster) {
    Endpoints endpoints = cluster.endpoints();
    if (endpoints.size() == 0) {
      return -1;
    }
    Entry entry = byCluster.get(cluster.name());
    if (entry == null || entry.endpoints != endpoints) {
      entry = new Entry(endpoints, new WeightedRoundRobin(endpoints.weights()));
      byCluster.put(cluster.name(), entry);
    }
    return entry.balancer.pick();
  }

  /** Forgets clusters that are gone. */
  public void retain(Set<String> clusters) {
    byCluster.keySet().retainAll(clusters);
  }

  private record Entry(Endpoints endpoints, WeightedRoundRobin balancer) {}
}
