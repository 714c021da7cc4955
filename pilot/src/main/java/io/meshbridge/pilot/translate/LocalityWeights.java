package io.meshbridge.pilot.translate;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.Locality;
import io.meshbridge.pilot.policy.TrafficPolicy.Distribute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Istio's {@code localityLbSetting.distribute} for one proxy: the first entry whose {@code from}
 * matches the proxy's locality sets each locality's {@code load_balancing_weight}. A {@code to}
 * locality (wildcards allowed) matching several localities shares its weight among them by their
 * own weights, rounded up; a locality matching no {@code to} keeps no endpoints; a locality is
 * claimed by the first {@code to} (in the order written) that matches it.
 */
final class LocalityWeights {

  static ClusterLoadAssignment apply(
      ClusterLoadAssignment cla, List<Distribute> distribute, Locality proxy) {
    for (Distribute d : distribute) {
      if (matches(proxy.region(), proxy.zone(), proxy.subZone(), d.from())) {
        return weigh(cla, d.to());
      }
    }
    return cla;
  }

  private static ClusterLoadAssignment weigh(ClusterLoadAssignment cla, Map<String, Integer> to) {
    ClusterLoadAssignment.Builder out = cla.toBuilder();
    List<LocalityLbEndpoints.Builder> localities = out.getEndpointsBuilderList();
    TreeSet<Integer> unmatched = new TreeSet<>();
    for (int i = 0; i < localities.size(); i++) {
      unmatched.add(i);
    }
    to.forEach((locality, weight) -> {
      Map<Integer, Long> own = new LinkedHashMap<>();
      long total = 0;
      for (int i : List.copyOf(unmatched)) {
        LocalityLbEndpoints.Builder l = localities.get(i);
        var loc = l.getLocality();
        if (matches(loc.getRegion(), loc.getZone(), loc.getSubZone(), locality)) {
          unmatched.remove(i);
          long w = l.hasLoadBalancingWeight() ? l.getLoadBalancingWeight().getValue() : 1;
          own.put(i, w);
          total += w;
        }
      }
      for (Map.Entry<Integer, Long> e : own.entrySet()) {
        if (total > 0 && e.getValue() > 0) {
          long share = (e.getValue() * weight + total - 1) / total; // ceil, as Istio
          localities.get(e.getKey()).setLoadBalancingWeight(UInt32Value.of((int) share));
        }
      }
    });
    unmatched.forEach(i -> localities.get(i).clearLbEndpoints());
    return out.build();
  }

  /**
   * Istio's locality match: {@code rule} is {@code region[/zone[/subzone]]}; {@code *} or a
   * missing zone or sub-zone matches anything, a {@code *} region too.
   */
  static boolean matches(String region, String zone, String subZone, String rule) {
    String[] parts = rule.split("/", 3);
    String ruleZone = parts.length > 1 ? parts[1] : "";
    String ruleSubZone = parts.length > 2 ? parts[2] : "";
    return (parts[0].equals("*") || parts[0].equals(region))
        && (ruleZone.isEmpty() || ruleZone.equals("*") || ruleZone.equals(zone))
        && (ruleSubZone.isEmpty() || ruleSubZone.equals("*") || ruleSubZone.equals(subZone));
  }

  private LocalityWeights() {}
}
