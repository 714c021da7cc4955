package io.meshbridge.pilot.policy;

import java.util.List;
import java.util.Locale;

/** Reads a VirtualService's {@code tcp[]} and {@code tls[]} routes. */
final class L4RouteReader {

  static L4Route tcp(Field f, String namespace) {
    f.only(AcceptedFields.TCP_ROUTE);
    List<L4Route.Match> matches = f.list("match", m -> {
      m.only(AcceptedFields.TCP_MATCH);
      return new L4Route.Match(port(m), List.of(), m.stringMap("sourceLabels"));
    });
    return new L4Route(matches, destinations(f, namespace));
  }

  static L4Route tls(Field f, String namespace) {
    f.only(AcceptedFields.TLS_ROUTE);
    List<L4Route.Match> matches = f.list("match", m -> {
      m.only(AcceptedFields.TLS_MATCH);
      List<String> sni = m.list("sniHosts", L4RouteReader::sniHost);
      if (sni.isEmpty()) {
        throw m.child("sniHosts").error("required (expected: at least one server name)");
      }
      return new L4Route.Match(port(m), sni, m.stringMap("sourceLabels"));
    });
    if (matches.isEmpty()) {
      throw f.child("match").error("required (expected: at least one match with sniHosts)");
    }
    return new L4Route(matches, destinations(f, namespace));
  }

  private static int port(Field m) {
    return m.has("port") ? m.child("port").integer(1, 65535) : 0;
  }

  private static String sniHost(Field f) {
    String host = f.text();
    if (host.contains("*") || host.isEmpty()) {
      throw f.error("'" + host + "' (expected: a server name, no wildcards)");
    }
    return host.toLowerCase(Locale.ROOT);
  }

  private static List<Destination> destinations(Field f, String namespace) {
    List<Destination> destinations = f.list("route", d -> {
      d.only(AcceptedFields.ROUTE_DESTINATION);
      Destination only = VirtualServiceReader.destinationOnly(d.child("destination"), namespace);
      int weight = d.has("weight") ? d.child("weight").integer(0, 100) : 0;
      return new Destination(only.host(), only.subset(), only.port(), weight);
    });
    if (destinations.isEmpty()) {
      throw f.child("route").error("required (expected: at least one destination)");
    }
    VirtualServiceReader.checkWeights(f, destinations);
    return destinations;
  }

  private L4RouteReader() {}
}
