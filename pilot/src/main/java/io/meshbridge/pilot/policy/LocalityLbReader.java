package io.meshbridge.pilot.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code loadBalancer.localityLbSetting} with Istio's validation: {@code distribute} not
 * together with {@code failover}; weights 1..100 adding up to 100 per {@code from}; a {@code *} only
 * as a locality's last segment; {@code failover} not together with a topology label in {@code
 * failoverPriority}. Meshbridge also rejects {@code distribute} with {@code failoverPriority}, which
 * Istio would silently ignore.
 */
final class LocalityLbReader {

  /** The labels Istio derives from a locality; they conflict with an explicit failover. */
  static final Set<String> TOPOLOGY_LABELS =
      Set.of("topology.kubernetes.io/region", "topology.kubernetes.io/zone",
          "topology.istio.io/subzone");

  static TrafficPolicy.LocalitySetting read(Field f) {
    f.only(AcceptedFields.LOCALITY_LB_SETTING);
    Map<String, String> failover = new LinkedHashMap<>();
    f.list("failover", e -> {
      e.only(AcceptedFields.LOCALITY_FAILOVER);
      String from = e.child("from").text();
      if (failover.put(from, e.child("to").text()) != null) {
        throw e.child("from").error("'" + from + "' appears twice");
      }
      return from;
    });
    List<String> priority = f.list("failoverPriority", LocalityLbReader::priorityLabel);
    List<TrafficPolicy.Distribute> distribute = f.list("distribute", LocalityLbReader::distribute);
    if (!distribute.isEmpty() && !failover.isEmpty()) {
      throw f.child("distribute").error("not allowed together with failover (as Istio)");
    }
    if (!distribute.isEmpty() && !priority.isEmpty()) {
      throw f.child("distribute").error(
          "not allowed together with failoverPriority (Istio would apply only distribute)");
    }
    if (!failover.isEmpty()) {
      for (String label : priority) {
        if (TOPOLOGY_LABELS.contains(label)) {
          throw f.child("failoverPriority").error("'" + label
              + "' not allowed together with failover (as Istio: failover sets the region order)");
        }
      }
    }
    return new TrafficPolicy.LocalitySetting(
        !f.has("enabled") || f.child("enabled").bool(), failover, distribute, priority);
  }

  private static String priorityLabel(Field e) {
    String label = e.text();
    int eq = label.indexOf('=');
    if (label.isEmpty() || eq == 0 || label.indexOf('=', eq + 1) >= 0) {
      throw e.error("'" + label + "' (expected: a label name, or name=value)");
    }
    return label;
  }

  private static TrafficPolicy.Distribute distribute(Field e) {
    e.only(AcceptedFields.LOCALITY_DISTRIBUTE);
    String from = locality(e.child("from"));
    Field to = e.child("to");
    if (!to.node().isObject() || to.node().isEmpty()) {
      throw to.error(to.node().isMissingNode() ? "required" : "expected locality: weight entries");
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    int total = 0;
    for (var it = to.node().fieldNames(); it.hasNext(); ) {
      String name = it.next();
      Field weight = to.child(name);
      locality(new Field(weight.path(), com.fasterxml.jackson.databind.node.TextNode.valueOf(name)));
      int w = weight.integer(1, 100);
      weights.put(name, w);
      total += w;
    }
    if (total != 100) {
      throw to.error("weights add up to " + total + " (expected: 100)");
    }
    return new TrafficPolicy.Distribute(from, weights);
  }

  /** A locality {@code region[/zone[/subzone]]}; {@code *} only once, as the last segment. */
  private static String locality(Field f) {
    String value = f.text();
    String[] parts = value.split("/", -1);
    int star = value.indexOf('*');
    boolean badStar =
        star >= 0 && (star != value.length() - 1 || !parts[parts.length - 1].equals("*"));
    if (value.isEmpty() || parts.length > 3 || badStar
        || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
      throw f.error("'" + value
          + "' (expected: region[/zone[/subzone]], '*' only as the whole last segment)");
    }
    return value;
  }

  private LocalityLbReader() {}
}
