package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ClusterLoadAssignment} → endpoints: socket addresses, {@code health_status}, {@code
 * load_balancing_weight} (default 1) and labels from {@code
 * metadata.filter_metadata["meshbridge"].labels} (a Struct of strings). Each endpoint carries
 * its locality ({@code region/zone/sub_zone}), the locality's {@code priority} and {@code
 * load_balancing_weight} (0 when unset), which the balancers use (see {@code Picker}).
 */
public final class EndpointConverter {

  /** The {@code filter_metadata} key Meshbridge's labels live under. */
  public static final String METADATA_KEY = "meshbridge";

  private EndpointConverter() {}

  /** Converts an EDS resource. */
  public static List<EndpointConfig> convert(ClusterLoadAssignment assignment)
      throws InvalidResourceException {
    FieldChecker check = new FieldChecker("ClusterLoadAssignment " + assignment.getClusterName());
    return endpoints(assignment, check, "");
  }

  /** Converts an assignment found at {@code path} inside another resource (a STATIC cluster). */
  static List<EndpointConfig> endpoints(
      ClusterLoadAssignment assignment, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(assignment, path, "cluster_name", "endpoints");
    List<EndpointConfig> endpoints = new ArrayList<>();
    for (int i = 0; i < assignment.getEndpointsCount(); i++) {
      LocalityLbEndpoints locality = assignment.getEndpoints(i);
      String localityPath = at(join(path, "endpoints"), i);
      check.onlySupported(
          locality, localityPath, "locality", "metadata", "lb_endpoints", "load_balancing_weight",
          "priority");
      check.onlySupported(
          locality.getLocality(), join(localityPath, "locality"), "region", "zone", "sub_zone");
      String name =
          locality.hasLocality()
              ? locality.getLocality().getRegion() + "/" + locality.getLocality().getZone() + "/"
                  + locality.getLocality().getSubZone()
              : "";
      int weight = 0;
      if (locality.hasLoadBalancingWeight()) {
        weight = locality.getLoadBalancingWeight().getValue();
        if (weight < 1) {
          throw check.invalid(join(localityPath, "load_balancing_weight"),
              Integer.toUnsignedString(weight) + " (expected: 1..2147483647)");
        }
      }
      if (locality.getPriority() < 0) { // uint32 above Integer.MAX_VALUE
        throw check.invalid(join(localityPath, "priority"),
            Integer.toUnsignedString(locality.getPriority()) + " (expected: 0..2147483647)");
      }
      for (int j = 0; j < locality.getLbEndpointsCount(); j++) {
        String endpointPath = at(join(localityPath, "lb_endpoints"), j);
        EndpointConfig e = endpoint(locality.getLbEndpoints(j), check, endpointPath);
        endpoints.add(new EndpointConfig(e.host(), e.port(), e.health(), e.weight(), e.labels(),
            name, locality.getPriority(), weight, e.transportMatch()));
      }
    }
    return endpoints;
  }

  private static EndpointConfig endpoint(LbEndpoint lb, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(lb, path, "endpoint", "health_status", "metadata", "load_balancing_weight");
    if (!lb.hasEndpoint() || !lb.getEndpoint().hasAddress()) {
      throw check.invalid(join(path, "endpoint.address"), "missing (expected: a socket_address)");
    }
    check.onlySupported(lb.getEndpoint(), join(path, "endpoint"), "address");
    HostPort address = SocketAddresses.connectAddress(
        lb.getEndpoint().getAddress(), check, join(path, "endpoint.address"));
    int weight = 1;
    if (lb.hasLoadBalancingWeight()) {
      weight = lb.getLoadBalancingWeight().getValue();
      if (weight < 1) {
        throw check.invalid(join(path, "load_balancing_weight"),
            Integer.toUnsignedString(weight) + " (expected: >= 1)");
      }
    }
    Health health = health(lb.getHealthStatus(), check, join(path, "health_status"));
    Map<String, String> labels = labels(lb, check, join(path, "metadata"));
    Map<String, String> transportMatch =
        TransportSocketMatches.endpointMetadata(lb.getMetadata(), check, join(path, "metadata"));
    return new EndpointConfig(
        address.host(), address.port(), health, weight, labels, "", 0, 0, transportMatch);
  }

  private static Health health(HealthStatus status, FieldChecker check, String path)
      throws InvalidResourceException {
    switch (status) {
      case UNKNOWN:
        return Health.UNKNOWN;
      case HEALTHY:
        return Health.HEALTHY;
      case UNHEALTHY:
      case TIMEOUT: // a timed-out health check counts as unhealthy, as in Envoy
        return Health.UNHEALTHY;
      case DRAINING:
        return Health.DRAINING;
      default:
        throw check.invalid(path, status + " is not supported "
            + "(supported: UNKNOWN, HEALTHY, UNHEALTHY, DRAINING, TIMEOUT)");
    }
  }

  private static Map<String, String> labels(LbEndpoint lb, FieldChecker check, String path)
      throws InvalidResourceException {
    Struct meshbridge = lb.getMetadata().getFilterMetadataMap().get(METADATA_KEY);
    if (meshbridge == null || !meshbridge.containsFields("labels")) {
      return Map.of();
    }
    String labelsPath = join(path, "filter_metadata[\"" + METADATA_KEY + "\"].labels");
    Value labels = meshbridge.getFieldsOrThrow("labels");
    if (!labels.hasStructValue()) {
      throw check.invalid(labelsPath, kind(labels) + " (expected: a struct of strings)");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Value> label : labels.getStructValue().getFieldsMap().entrySet()) {
      if (!label.getValue().hasStringValue()) {
        throw check.invalid(
            labelsPath + "[\"" + label.getKey() + "\"]",
            kind(label.getValue()) + " (expected: a string)");
      }
      result.put(label.getKey(), label.getValue().getStringValue());
    }
    return result;
  }

  private static String kind(Value value) {
    return "a " + value.getKindCase().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
