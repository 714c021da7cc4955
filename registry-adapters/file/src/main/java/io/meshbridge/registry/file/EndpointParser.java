package io.meshbridge.registry.file;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads endpoints: listed under their service, or at the top level naming their service. */
final class EndpointParser {

  static final List<String> FIELDS =
      List.of("address", "ports", "labels", "health", "locality", "weight");
  static final List<String> TOP_LEVEL_FIELDS =
      Stream.concat(Stream.of("service"), FIELDS.stream()).toList();
  private static final List<String> LOCALITY_FIELDS = List.of("region", "zone", "subZone");
  static final String LABELS = "a mapping of label names to values";
  private static final String PORTS = "a mapping of service port names to port numbers";
  private static final String SERVICE_KEY = "namespace/name, e.g. shop/orders";

  /** An endpoint under {@code service}: its {@code ports} must name ports of that service. */
  static Endpoint nested(YamlNode node, String path, Service service, String source) {
    FieldReader fields = FieldReader.of(node, path, "an endpoint", FIELDS);
    Map<String, Integer> ports = fields.optionalIntMap("ports", PORTS, "1..65535");
    List<String> known = service.ports().stream().map(ServicePort::name).toList();
    for (String portName : ports.keySet()) {
      if (!known.contains(portName)) {
        throw fields.keyError("ports." + portName,
            "unknown port (known: " + String.join(", ", known) + ")");
      }
    }
    return endpoint(fields, service.key(), ports, source);
  }

  /** A top-level endpoint, whose {@code service} may be defined in another file or registry. */
  static Endpoint topLevel(YamlNode node, String path, String source) {
    FieldReader fields = FieldReader.of(node, path, "an endpoint", TOP_LEVEL_FIELDS);
    String value = fields.requiredString("service", SERVICE_KEY);
    int slash = value.indexOf('/');
    if (slash < 0 || slash != value.lastIndexOf('/')) {
      throw fields.error(
          "service", "'" + value + "' is not a service key (expected: " + SERVICE_KEY + ")");
    }
    ServiceKey key;
    try {
      key = ServiceKey.of(value.substring(0, slash), value.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw fields.error("service", "'" + value + "' is not a service key: " + e.getMessage());
    }
    return endpoint(fields, key, fields.optionalIntMap("ports", PORTS, "1..65535"), source);
  }

  private static Endpoint endpoint(
      FieldReader fields, ServiceKey service, Map<String, Integer> ports, String source) {
    String address = fields.requiredString("address", "an IP address or host name");
    Map<String, String> labels = fields.optionalStringMap("labels", LABELS, "a label value");
    HealthStatus health =
        fields.optionalEnum("health", HealthStatus.class, "health status", HealthStatus.HEALTHY);
    Locality locality = locality(fields);
    int weight = fields.optionalInt("weight", "1..1000", 1);
    return fields.build(
        () -> new Endpoint(service, address, ports, labels, health, locality, weight, source));
  }

  private static Locality locality(FieldReader endpoint) {
    FieldReader fields =
        endpoint.optionalMapping("locality", "a mapping of region, zone, subZone", LOCALITY_FIELDS);
    if (fields == null) {
      return Locality.UNKNOWN;
    }
    return new Locality(
        fields.optionalString("region", "a region name", ""),
        fields.optionalString("zone", "a zone name", ""),
        fields.optionalString("subZone", "a sub-zone name", ""));
  }

  /** Reads every endpoint of a list, under {@code service}. */
  static List<Endpoint> nestedAll(List<YamlNode> nodes, String path, Service service,
      String source) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      endpoints.add(nested(nodes.get(i), FieldReader.item(path, i), service, source));
    }
    return endpoints;
  }

  private EndpointParser() {}
}
