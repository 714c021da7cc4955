package io.meshbridge.pilot.policy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a DestinationRule's {@code spec}: the supported fields, strictly. */
final class DestinationRuleReader {

  private static final Set<String> SPEC = Set.of("host", "subsets", "trafficPolicy");
  private static final Set<String> SUBSET = Set.of("name", "labels");
  private static final Set<String> TRAFFIC_POLICY = Set.of("loadBalancer");
  private static final Set<String> LOAD_BALANCER = Set.of("simple");

  static DestinationRule read(Field spec, String namespace, String name, String source) {
    spec.only(SPEC);
    Field hostField = spec.child("host");
    String host = hostField.text();
    if (host.contains("*")) {
      throw hostField.error("'" + host + "': wildcard hosts are not supported");
    }
    Set<String> names = new HashSet<>();
    List<DestinationRule.Subset> subsets =
        spec.list(
            "subsets",
            s -> {
              DestinationRule.Subset subset = subset(s);
              if (!names.add(subset.name())) {
                throw s.child("name").error("'" + subset.name() + "' appears twice");
              }
              return subset;
            });
    DestinationRule.LoadBalancer lb =
        spec.has("trafficPolicy") ? loadBalancer(spec.child("trafficPolicy")) : null;
    return new DestinationRule(
        namespace, name, Hosts.normalize(host, namespace), subsets, lb, source);
  }

  private static DestinationRule.Subset subset(Field f) {
    f.only(SUBSET);
    String name = f.child("name").text();
    Map<String, String> labels = new LinkedHashMap<>();
    if (f.has("labels")) {
      Field all = f.child("labels");
      if (!all.node().isObject()) {
        throw all.error("expected an object of label name to value");
      }
      all.node().fieldNames().forEachRemaining(k -> labels.put(k, all.child(k).text()));
    }
    return new DestinationRule.Subset(name, labels);
  }

  private static DestinationRule.@Nullable LoadBalancer loadBalancer(Field policy) {
    policy.only(TRAFFIC_POLICY);
    if (!policy.has("loadBalancer")) {
      return null;
    }
    Field lb = policy.child("loadBalancer").only(LOAD_BALANCER);
    Field simple = lb.child("simple");
    String value = simple.text();
    return switch (value) {
      case "ROUND_ROBIN" -> DestinationRule.LoadBalancer.ROUND_ROBIN;
      case "LEAST_REQUEST", "LEAST_CONN" -> DestinationRule.LoadBalancer.LEAST_REQUEST;
      case "RANDOM" -> DestinationRule.LoadBalancer.RANDOM;
      default ->
          throw simple.error("'" + value + "' (expected: ROUND_ROBIN, LEAST_REQUEST or RANDOM)");
    };
  }

  private DestinationRuleReader() {}
}
