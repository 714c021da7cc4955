package io.meshbridge.pilot.policy;

import io.meshbridge.pilot.policy.HttpPolicies.Headers;
import io.meshbridge.pilot.policy.HttpPolicies.Redirect;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads a VirtualService's {@code spec}: the accepted fields ({@link AcceptedFields}), strictly. */
final class VirtualServiceReader {

  static VirtualService read(
      Field spec, Field annotations, String namespace, String name, String source) {
    spec.only(AcceptedFields.VIRTUAL_SERVICE);
    List<String> hosts = spec.list("hosts", h -> host(h, namespace));
    if (hosts.isEmpty()) {
      throw spec.child("hosts").error("required (expected: at least one host)");
    }
    spec.list("gateways", VirtualServiceReader::meshGateway);
    List<HttpRoute> http = spec.list("http", r -> route(r, namespace));
    List<L4Route> tcp = spec.list("tcp", r -> L4RouteReader.tcp(r, namespace));
    List<L4Route> tls = spec.list("tls", r -> L4RouteReader.tls(r, namespace));
    VirtualService.Extensions extensions = AnnotationReader.virtualService(annotations, http);
    return new VirtualService(namespace, name, hosts, http, tcp, tls, extensions, source);
  }

  static String host(Field f, String namespace) {
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
    f.only(AcceptedFields.HTTP_ROUTE);
    List<HttpMatch> matches = f.list("match", VirtualServiceReader::match);
    List<Destination> destinations = f.list("route", d -> destination(d, namespace));
    Redirect redirect = f.has("redirect") ? HttpPolicyReader.redirect(f.child("redirect")) : null;
    var direct =
        f.has("directResponse") ? HttpPolicyReader.directResponse(f.child("directResponse")) : null;
    if (redirect != null && direct != null) {
      throw f.child("directResponse").error("not allowed together with redirect");
    }
    if ((redirect != null || direct != null) && !destinations.isEmpty()) {
      throw f.child("route")
          .error("not allowed together with " + (redirect != null ? "redirect" : "directResponse"));
    }
    if (destinations.isEmpty() && redirect == null && direct == null) {
      throw f.child("route")
          .error("required (expected: at least one destination, a redirect or a directResponse)");
    }
    checkWeights(f, destinations);
    if (redirect != null && f.has("rewrite")) {
      throw f.child("rewrite").error("not allowed together with redirect");
    }
    Duration timeout = f.has("timeout") ? Values.duration(f.child("timeout")) : null;
    Retries retries = f.has("retries") ? retries(f.child("retries")) : null;
    return new HttpRoute(
        f.text("name", ""),
        matches,
        destinations,
        timeout,
        retries,
        f.has("headers") ? HttpPolicyReader.headers(f.child("headers")) : Headers.NONE,
        f.has("rewrite") ? HttpPolicyReader.rewrite(f.child("rewrite")) : null,
        redirect,
        direct,
        f.has("fault") ? HttpPolicyReader.fault(f.child("fault")) : null,
        HttpPolicyReader.mirrors(f, namespace),
        f.has("corsPolicy") ? HttpPolicyReader.cors(f.child("corsPolicy")) : null);
  }

  /** Several destinations must share 100 %, as Istio requires. */
  static void checkWeights(Field route, List<Destination> destinations) {
    if (destinations.size() > 1) {
      int sum = destinations.stream().mapToInt(Destination::weight).sum();
      if (sum != 100) {
        throw route.child("route").error("weights add up to " + sum + " (expected: 100)");
      }
    }
  }

  private static HttpMatch match(Field f) {
    f.only(AcceptedFields.HTTP_MATCH);
    f.text("name", "");
    Map<String, StringMatch> headers = stringMatches(f, "headers", true);
    StringMatch uri = optional(f, "uri");
    boolean ignoreUriCase = f.has("ignoreUriCase") && f.child("ignoreUriCase").bool();
    if (ignoreUriCase && uri != null && uri.kind() == StringMatch.Kind.REGEX) {
      throw f.child("ignoreUriCase").error("not supported with a regex uri (Envoy's case_sensitive"
          + " does not apply to safe_regex; write (?i) in the regex instead)");
    }
    return new HttpMatch(
        uri,
        headers,
        optional(f, "method"),
        optional(f, "authority"),
        f.has("port") ? f.child("port").integer(1, 65535) : 0,
        stringMatches(f, "queryParams", false),
        f.stringMap("sourceLabels"),
        ignoreUriCase);
  }

  private static Map<String, StringMatch> stringMatches(Field f, String name, boolean lowercase) {
    Map<String, StringMatch> out = new LinkedHashMap<>();
    if (f.has(name)) {
      Field all = f.child(name);
      if (!all.node().isObject()) {
        throw all.error("expected an object of name to StringMatch");
      }
      all.node().fieldNames().forEachRemaining(
          k -> out.put(lowercase ? k.toLowerCase(Locale.ROOT) : k, Values.stringMatch(all.child(k))));
    }
    return out;
  }

  private static @Nullable StringMatch optional(Field f, String name) {
    return f.has(name) ? Values.stringMatch(f.child(name)) : null;
  }

  private static Destination destination(Field f, String namespace) {
    f.only(AcceptedFields.HTTP_ROUTE_DESTINATION);
    Destination d = destinationOnly(f.child("destination"), namespace);
    int weight = f.has("weight") ? f.child("weight").integer(0, 100) : 0;
    Headers headers = f.has("headers") ? HttpPolicyReader.headers(f.child("headers")) : Headers.NONE;
    return new Destination(d.host(), d.subset(), d.port(), weight, headers);
  }

  /** Istio's {@code Destination} message: host, subset, port. */
  static Destination destinationOnly(Field d, String namespace) {
    d.only(AcceptedFields.DESTINATION);
    int port =
        d.has("port")
            ? d.child("port").only(AcceptedFields.PORT_SELECTOR).child("number").integer(1, 65535)
            : 0;
    return new Destination(host(d.child("host"), namespace), d.text("subset", ""), port, 0);
  }

  private static Retries retries(Field f) {
    f.only(AcceptedFields.RETRIES);
    int attempts = f.child("attempts").integer(0, 1000);
    Duration perTry = f.has("perTryTimeout") ? Values.duration(f.child("perTryTimeout")) : null;
    List<String> retryOn = List.of();
    if (f.has("retryOn")) {
      Field on = f.child("retryOn");
      retryOn = RetryOn.parse(on, on.text());
    }
    boolean remote =
        f.has("retryRemoteLocalities") && f.child("retryRemoteLocalities").bool();
    return new Retries(attempts, perTry, retryOn, remote);
  }

  private VirtualServiceReader() {}
}
