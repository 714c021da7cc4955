package io.meshbridge.pilot.policy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a VirtualService's {@code spec}: the supported fields, strictly. */
final class VirtualServiceReader {

  private static final Set<String> SPEC = Set.of("hosts", "gateways", "http");
  private static final Set<String> ROUTE = Set.of("name", "match", "route", "timeout", "retries");
  private static final Set<String> MATCH =
      Set.of("name", "uri", "headers", "method", "authority", "port");
  private static final Set<String> ROUTE_DESTINATION = Set.of("destination", "weight");
  private static final Set<String> DESTINATION = Set.of("host", "subset", "port");
  private static final Set<String> PORT = Set.of("number");
  private static final Set<String> RETRY = Set.of("attempts", "perTryTimeout", "retryOn");

  static VirtualService read(Field spec, String namespace, String name, String source) {
    spec.only(SPEC);
    List<String> hosts = spec.list("hosts", h -> host(h, namespace));
    if (hosts.isEmpty()) {
      throw spec.child("hosts").error("required (expected: at least one host)");
    }
    spec.list("gateways", VirtualServiceReader::meshGateway);
    List<HttpRoute> http = spec.list("http", r -> route(r, namespace));
    return new VirtualService(namespace, name, hosts, http, source);
  }

  private static String host(Field f, String namespace) {
    String host = f.text();
    if (host.contains("*")) {
      throw f.error("'" + host + "': wildcard hosts are not supported");
    }
    return Hosts.normalize(host, namespace);
  }

  private static String meshGateway(Field f) {
    String gateway = f.text();
    if (!gateway.equals("mesh")) {
      throw f.error("'" + gateway + "': gateways are not supported (expected: mesh)");
    }
    return gateway;
  }

  private static HttpRoute route(Field f, String namespace) {
    f.only(ROUTE);
    List<HttpMatch> matches = f.list("match", VirtualServiceReader::match);
    List<Destination> destinations = f.list("route", d -> destination(d, namespace));
    if (destinations.isEmpty()) {
      throw f.child("route").error("required (expected: at least one destination)");
    }
    if (destinations.size() > 1) {
      int sum = destinations.stream().mapToInt(Destination::weight).sum();
      if (sum != 100) {
        throw f.child("route").error("weights add up to " + sum + " (expected: 100)");
      }
    }
    Duration timeout = f.has("timeout") ? Values.duration(f.child("timeout")) : null;
    Retries retries = f.has("retries") ? retries(f.child("retries")) : null;
    return new HttpRoute(f.text("name", ""), matches, destinations, timeout, retries);
  }

  private static HttpMatch match(Field f) {
    f.only(MATCH);
    f.text("name", "");
    Map<String, StringMatch> headers = new LinkedHashMap<>();
    if (f.has("headers")) {
      Field all = f.child("headers");
      if (!all.node().isObject()) {
        throw all.error("expected an object of header name to StringMatch");
      }
      all.node().fieldNames().forEachRemaining(
          h -> headers.put(h.toLowerCase(Locale.ROOT), Values.stringMatch(all.child(h))));
    }
    return new HttpMatch(
        optional(f, "uri"),
        headers,
        optional(f, "method"),
        optional(f, "authority"),
        f.has("port") ? f.child("port").integer(1, 65535) : 0);
  }

  private static @Nullable StringMatch optional(Field f, String name) {
    return f.has(name) ? Values.stringMatch(f.child(name)) : null;
  }

  private static Destination destination(Field f, String namespace) {
    f.only(ROUTE_DESTINATION);
    Field d = f.child("destination").only(DESTINATION);
    int port = d.has("port") ? d.child("port").only(PORT).child("number").integer(1, 65535) : 0;
    int weight = f.has("weight") ? f.child("weight").integer(0, 100) : 0;
    return new Destination(host(d.child("host"), namespace), d.text("subset", ""), port, weight);
  }

  private static Retries retries(Field f) {
    f.only(RETRY);
    int attempts = f.child("attempts").integer(0, 1000);
    Duration perTry = f.has("perTryTimeout") ? Values.duration(f.child("perTryTimeout")) : null;
    List<String> retryOn = List.of();
    if (f.has("retryOn")) {
      Field on = f.child("retryOn");
      retryOn = RetryOn.parse(on, on.text());
    }
    return new Retries(attempts, perTry, retryOn);
  }

  private VirtualServiceReader() {}
}
