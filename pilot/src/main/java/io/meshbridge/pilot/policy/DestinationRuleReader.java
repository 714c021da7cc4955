package io.meshbridge.pilot.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a DestinationRule's {@code spec}: the accepted fields ({@link AcceptedFields}), strictly. */
final class DestinationRuleReader {

  static DestinationRule read(
      Field spec, Field annotations, String namespace, String name, String source) {
    spec.only(AcceptedFields.DESTINATION_RULE);
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
    TrafficPolicy policy =
        spec.has("trafficPolicy") ? policy(spec.child("trafficPolicy"), true) : null;
    var decay = AnnotationReader.peakEwmaDecay(annotations);
    if (decay != null && policy != null && policy.loadBalancer() != null) {
      throw spec.child("trafficPolicy").child("loadBalancer")
          .error("not allowed together with annotation " + AnnotationReader.LOAD_BALANCER);
    }
    return new DestinationRule(
        namespace, name, Hosts.normalize(host, namespace), subsets, policy, decay, source);
  }

  private static DestinationRule.Subset subset(Field f) {
    f.only(AcceptedFields.SUBSET);
    String name = f.child("name").text();
    TrafficPolicy policy = f.has("trafficPolicy") ? policy(f.child("trafficPolicy"), true) : null;
    return new DestinationRule.Subset(name, f.stringMap("labels"), policy);
  }

  private static TrafficPolicy policy(Field f, boolean top) {
    f.only(top ? AcceptedFields.TRAFFIC_POLICY : AcceptedFields.PORT_TRAFFIC_POLICY);
    List<TrafficPolicy.PortPolicy> ports = List.of();
    if (top) {
      Set<Integer> seen = new HashSet<>();
      ports = f.list("portLevelSettings", p -> {
        int port = p.child("port").only(AcceptedFields.PORT_SELECTOR).child("number")
            .integer(1, 65535);
        if (!seen.add(port)) {
          throw p.child("port").error("port " + port + " appears twice");
        }
        return new TrafficPolicy.PortPolicy(port, policy(p, false));
      });
    }
    return new TrafficPolicy(
        f.has("loadBalancer") ? LoadBalancerReader.read(f.child("loadBalancer")) : null,
        f.has("connectionPool") ? connectionPool(f.child("connectionPool")) : null,
        f.has("outlierDetection") ? outlier(f.child("outlierDetection")) : null,
        ports,
        f.has("tls") ? ClientTlsReader.read(f.child("tls")) : null);
  }

  private static TrafficPolicy.ConnectionPool connectionPool(Field f) {
    f.only(AcceptedFields.CONNECTION_POOL);
    Field tcp = f.child("tcp");
    Field http = f.child("http");
    if (f.has("tcp")) {
      tcp.only(AcceptedFields.TCP_SETTINGS);
    }
    if (f.has("http")) {
      http.only(AcceptedFields.HTTP_SETTINGS);
    }
    String upgrade = f.has("http") ? http.text("h2UpgradePolicy", "DEFAULT") : "DEFAULT";
    if (!Set.of("DEFAULT", "DO_NOT_UPGRADE", "UPGRADE").contains(upgrade)) {
      throw http.child("h2UpgradePolicy")
          .error("'" + upgrade + "' (expected: DEFAULT, DO_NOT_UPGRADE or UPGRADE)");
    }
    return new TrafficPolicy.ConnectionPool(
        count(tcp, "maxConnections"),
        tcp.has("connectTimeout") ? Values.duration(tcp.child("connectTimeout")) : null,
        count(http, "http1MaxPendingRequests"),
        count(http, "http2MaxRequests"),
        count(http, "maxRequestsPerConnection"),
        count(http, "maxRetries"),
        http.has("idleTimeout") ? Values.duration(http.child("idleTimeout")) : null,
        upgrade.equals("UPGRADE"));
  }

  private static TrafficPolicy.OutlierDetection outlier(Field f) {
    f.only(AcceptedFields.OUTLIER_DETECTION);
    return new TrafficPolicy.OutlierDetection(
        count(f, "consecutive5xxErrors"),
        count(f, "consecutiveGatewayErrors"),
        f.has("interval") ? Values.duration(f.child("interval")) : null,
        f.has("baseEjectionTime") ? Values.duration(f.child("baseEjectionTime")) : null,
        f.has("maxEjectionPercent") ? f.child("maxEjectionPercent").integer(0, 100) : null,
        f.has("minHealthPercent") ? f.child("minHealthPercent").integer(0, 100) : 0);
  }

  private static @org.jspecify.annotations.Nullable Integer count(Field f, String name) {
    return f.has(name) ? f.child(name).integer(0, Integer.MAX_VALUE) : null;
  }

  private DestinationRuleReader() {}
}
