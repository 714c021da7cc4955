package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.Locality;
import io.meshbridge.pilot.policy.TrafficPolicy;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Istio's locality failover: with {@code outlierDetection} (and {@code localityLbSetting} not
 * disabled), each locality of a load assignment gets a priority by how close it is to the proxy:
 * 0 same region, zone and sub-zone; 1 same region and zone; 2 same region; 3 the region {@code
 * failover} names for the proxy's region; 4 (3 without such a failover) any other. The priorities
 * are then renumbered without gaps (Envoy wants 0..N), keeping their order.
 */
final class LocalityPriorities {

  static ClusterLoadAssignment apply(
      ClusterLoadAssignment cla, @Nullable TrafficPolicy policy, Locality proxy) {
    if (policy == null || !policy.localityFailover() || proxy.region().isEmpty()) {
      return cla;
    }
    String failoverRegion = policy.failover().get(proxy.region());
    ClusterLoadAssignment.Builder out = cla.toBuilder();
    TreeSet<Integer> used = new TreeSet<>();
    for (LocalityLbEndpoints.Builder l : out.getEndpointsBuilderList()) {
      int priority = priority(l.getLocality(), proxy, failoverRegion);
      l.setPriority(priority);
      used.add(priority);
    }
    Map<Integer, Integer> dense = new java.util.HashMap<>();
    used.forEach(p -> dense.put(p, dense.size()));
    out.getEndpointsBuilderList().forEach(l -> l.setPriority(dense.get(l.getPriority())));
    return out.build();
  }

  private static int priority(
      io.envoyproxy.envoy.config.core.v3.Locality l, Locality proxy,
      @Nullable String failoverRegion) {
    if (!l.getRegion().equals(proxy.region())) {
      if (failoverRegion == null) {
        return 3;
      }
      return l.getRegion().equals(failoverRegion) ? 3 : 4;
    }
    if (!l.getZone().equals(proxy.zone())) {
      return 2;
    }
    return l.getSubZone().equals(proxy.subZone()) ? 0 : 1;
  }

  private LocalityPriorities() {}
}
