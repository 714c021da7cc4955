package io.meshbridge.pilot.policy;

import io.meshbridge.pilot.policy.TrafficPolicy.ConsistentHash;
import io.meshbridge.pilot.policy.TrafficPolicy.HashKey;
import java.util.List;

/** Reads {@code trafficPolicy.loadBalancer}: {@code simple} or {@code consistentHash}. */
final class LoadBalancerReader {

  /** Istio's defaults: ring hash of at least 1024 entries, Maglev table of 65537. */
  static final long DEFAULT_RING_SIZE = 1024;
  static final long DEFAULT_MAGLEV_SIZE = 65537;

  private static final List<String> KEYS =
      List.of("httpHeaderName", "httpCookie", "useSourceIp", "httpQueryParameterName");

  static TrafficPolicy.LoadBalancer read(Field lb) {
    lb.only(AcceptedFields.LOAD_BALANCER);
    if (lb.has("simple") && lb.has("consistentHash")) {
      throw lb.error("expected at most one of simple, consistentHash");
    }
    if (!lb.has("simple") && !lb.has("consistentHash") && !lb.has("localityLbSetting")) {
      throw lb.error("expected simple, consistentHash or localityLbSetting");
    }
    TrafficPolicy.LocalitySetting locality =
        lb.has("localityLbSetting") ? LocalityLbReader.read(lb.child("localityLbSetting")) : null;
    if (lb.has("consistentHash")) {
      return new TrafficPolicy.LoadBalancer(
          null, consistentHash(lb.child("consistentHash")), locality);
    }
    if (!lb.has("simple")) {
      return new TrafficPolicy.LoadBalancer(null, null, locality);
    }
    Field simple = lb.child("simple");
    String value = simple.text();
    TrafficPolicy.Simple s =
        switch (value) {
          case "ROUND_ROBIN" -> TrafficPolicy.Simple.ROUND_ROBIN;
          case "LEAST_REQUEST", "LEAST_CONN" -> TrafficPolicy.Simple.LEAST_REQUEST;
          case "RANDOM" -> TrafficPolicy.Simple.RANDOM;
          case "PASSTHROUGH" -> TrafficPolicy.Simple.PASSTHROUGH;
          default ->
              throw simple.error("'" + value
                  + "' (expected: ROUND_ROBIN, LEAST_REQUEST, RANDOM or PASSTHROUGH)");
        };
    return new TrafficPolicy.LoadBalancer(s, null, locality);
  }

  private static ConsistentHash consistentHash(Field f) {
    f.only(AcceptedFields.CONSISTENT_HASH);
    List<String> given = KEYS.stream().filter(f::has).toList();
    if (given.size() != 1) {
      throw f.error("expected exactly one of " + String.join(", ", KEYS));
    }
    int kinds = (f.has("ringHash") ? 1 : 0) + (f.has("maglev") ? 1 : 0)
        + (f.has("minimumRingSize") ? 1 : 0);
    if (kinds > 1) {
      throw f.error("expected at most one of ringHash, maglev, minimumRingSize");
    }
    boolean maglev = f.has("maglev");
    long size;
    if (maglev) {
      Field m = f.child("maglev").only(AcceptedFields.MAGLEV);
      size = m.has("tableSize") ? m.child("tableSize").integer(1, 5_000_011) : DEFAULT_MAGLEV_SIZE;
    } else if (f.has("ringHash")) {
      Field r = f.child("ringHash").only(AcceptedFields.RING_HASH);
      size = r.has("minimumRingSize")
          ? r.child("minimumRingSize").integer(1, 8_388_608)
          : DEFAULT_RING_SIZE;
    } else if (f.has("minimumRingSize")) {
      size = f.child("minimumRingSize").integer(1, 8_388_608);
    } else {
      size = DEFAULT_RING_SIZE;
    }
    String key = given.get(0);
    return switch (key) {
      case "httpHeaderName" ->
          new ConsistentHash(HashKey.HEADER, f.child(key).text(), null, null, maglev, size);
      case "httpQueryParameterName" ->
          new ConsistentHash(HashKey.QUERY_PARAMETER, f.child(key).text(), null, null, maglev, size);
      case "useSourceIp" -> {
        if (!f.child(key).bool()) {
          throw f.child(key).error("false (expected: true, or another hash key)");
        }
        yield new ConsistentHash(HashKey.SOURCE_IP, "", null, null, maglev, size);
      }
      default -> {
        Field c = f.child(key).only(AcceptedFields.HTTP_COOKIE);
        yield new ConsistentHash(
            HashKey.COOKIE,
            c.child("name").text(),
            c.has("path") ? c.child("path").text() : null,
            c.has("ttl") ? Values.duration(c.child("ttl")) : null,
            maglev,
            size);
      }
    };
  }

  private LoadBalancerReader() {}
}
