package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.Locality;
import io.meshbridge.pilot.policy.TrafficPolicy;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Istio's locality load balancing for one proxy, in Istio's order: {@code distribute} (see {@link
 * LocalityWeights}) when given; otherwise, only with {@code outlierDetection}, {@code
 * failoverPriority} (see {@link FailoverPriorities}) and/or region failover. Region failover gives
 * each locality a priority by how close it is to the proxy: 0 same region, zone and sub-zone; 1
 * same region and zone; 2 same region; 3 the region {@code failover} names for the proxy's region;
 * 4 (3 without such a failover) any other. After {@code failoverPriority} it refines those
 * priorities (Istio: {@code 5 × label priority + locality priority}). Priorities are then
 * renumbered without gaps (Envoy wants 0..N), keeping their order.
 */
final class LocalityPriorities {

  static ClusterLoadAssignment apply(
      ClusterLoadAssignment cla, @Nullable TrafficPolicy policy, ProxyScope proxy) {
    TrafficPolicy.LocalitySetting setting = policy == null ? null : policy.enabledLocality();
    if (setting != null && !setting.distribute().isEmpty()) {
      return LocalityWeights.apply(cla, setting.distribute(), proxy.locality());
    }
    if (policy == null || !policy.localityFailover()) {
      return cla;
    }
    if (setting != null && !setting.failoverPriority().isEmpty()) {
      ClusterLoadAssignment byLabels = FailoverPriorities.apply(
          cla, setting.failoverPriority(), proxy.labels(), proxy.locality());
      return setting.failover().isEmpty()
          ? byLabels
          : byRegion(byLabels, setting.failover(), proxy.locality());
    }
    return byRegion(cla, policy.failover(), proxy.locality());
  }

  private static ClusterLoadAssignment byRegion(
      ClusterLoadAssignment cla, Map<String, String> failover, Locality proxy) {
    if (proxy.region().isEmpty()) {
      return cla;
    }
    String failoverRegion = failover.get(proxy.region());
    ClusterLoadAssignment.Builder out = cla.toBuilder();
    for (LocalityLbEndpoints.Builder l : out.getEndpointsBuilderList()) {
      l.setPriority(l.getPriority() * 5 + priority(l.getLocality(), proxy, failoverRegion));
    }
    return dense(out).build();
  }

  /** Renumbers the priorities used to 0..N, keeping their order. */
  static ClusterLoadAssignment.Builder dense(ClusterLoadAssignment.Builder cla) {
    TreeSet<Integer> used = new TreeSet<>();
    cla.getEndpointsBuilderList().forEach(l -> used.add(l.getPriority()));
    Map<Integer, Integer> dense = new java.util.HashMap<>();
    used.forEach(p -> dense.put(p, dense.size()));
    cla.getEndpointsBuilderList().forEach(l -> l.setPriority(dense.get(l.getPriority())));
    return cla;
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
