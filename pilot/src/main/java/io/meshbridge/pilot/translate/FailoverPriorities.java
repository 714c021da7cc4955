package io.meshbridge.pilot.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.Locality;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Istio's {@code localityLbSetting.failoverPriority}: with N labels, an endpoint whose labels agree
 * with the proxy's on all N gets priority 0, on the first N-1 priority 1, ..., on none priority N
 * ({@code name=value} compares the endpoint's label with that value instead of the proxy's). Each
 * locality is split into one {@code LocalityLbEndpoints} per priority (weight: the sum of its
 * endpoints'), then the priorities used are renumbered 0..M in order. Both sides' labels include
 * {@code topology.kubernetes.io/region}, {@code topology.kubernetes.io/zone} and {@code
 * topology.istio.io/subzone} from their locality, as Istio adds them.
 */
final class FailoverPriorities {

  static ClusterLoadAssignment apply(
      ClusterLoadAssignment cla, List<String> failoverPriority, Map<String, String> proxyLabels,
      Locality proxyLocality) {
    Map<String, String> proxy = withTopology(proxyLabels, proxyLocality.region(),
        proxyLocality.zone(), proxyLocality.subZone());
    if (proxy.isEmpty()) {
      return cla; // as Istio: nothing to compare with
    }
    ClusterLoadAssignment.Builder out = cla.toBuilder().clearEndpoints();
    for (LocalityLbEndpoints l : cla.getEndpointsList()) {
      var loc = l.getLocality();
      TreeMap<Integer, LocalityLbEndpoints.Builder> byPriority = new TreeMap<>();
      for (LbEndpoint e : l.getLbEndpointsList()) {
        Map<String, String> labels =
            withTopology(labels(e), loc.getRegion(), loc.getZone(), loc.getSubZone());
        LocalityLbEndpoints.Builder part = byPriority.computeIfAbsent(
            priority(failoverPriority, proxy, labels),
            p -> l.toBuilder().clearLbEndpoints().setPriority(p)
                .setLoadBalancingWeight(UInt32Value.of(0)));
        part.addLbEndpoints(e).setLoadBalancingWeight(UInt32Value.of(
            part.getLoadBalancingWeight().getValue() + e.getLoadBalancingWeight().getValue()));
      }
      byPriority.values().forEach(out::addEndpoints);
    }
    return LocalityPriorities.dense(out).build();
  }

  private static int priority(
      List<String> failoverPriority, Map<String, String> proxy, Map<String, String> endpoint) {
    int n = failoverPriority.size();
    for (int j = 0; j < n; j++) {
      String entry = failoverPriority.get(j);
      int eq = entry.indexOf('=');
      String name = eq < 0 ? entry : entry.substring(0, eq);
      String wanted = eq < 0 ? proxy.get(name) : entry.substring(eq + 1);
      if (wanted == null || !wanted.equals(endpoint.get(name))) {
        return n - j;
      }
    }
    return 0;
  }

  private static Map<String, String> withTopology(
      Map<String, String> labels, String region, String zone, String subZone) {
    Map<String, String> out = new HashMap<>(labels);
    putIfSet(out, "topology.kubernetes.io/region", region);
    putIfSet(out, "topology.kubernetes.io/zone", zone);
    putIfSet(out, "topology.istio.io/subzone", subZone);
    return out;
  }

  private static void putIfSet(Map<String, String> labels, String name, String value) {
    if (!value.isEmpty()) {
      labels.put(name, value);
    }
  }

  /** The labels {@link EndpointTranslator} wrote into the endpoint's metadata. */
  private static Map<String, String> labels(LbEndpoint e) {
    Struct meshbridge =
        e.getMetadata().getFilterMetadataOrDefault(
            EndpointTranslator.METADATA_NAMESPACE, Struct.getDefaultInstance());
    Value labels = meshbridge.getFieldsOrDefault("labels", Value.getDefaultInstance());
    Map<String, String> out = new HashMap<>();
    labels.getStructValue().getFieldsMap().forEach((k, v) -> out.put(k, v.getStringValue()));
    return out;
  }

  private FailoverPriorities() {}
}
