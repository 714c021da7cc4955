package io.meshbridge.pilot.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Resolution;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.DestinationRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link ClusterLoadAssignment} per EDS cluster: endpoints grouped by locality, sorted; a
 * subset cluster gets the endpoints whose labels include all of the subset's. Services that resolve
 * by DNS have none (their clusters carry their endpoints inline).
 */
final class EndpointTranslator {

  /** The {@code filter_metadata} key under which endpoints carry their labels and source. */
  static final String METADATA_NAMESPACE = "meshbridge";

  private static final Comparator<Locality> LOCALITY_ORDER =
      Comparator.comparing(Locality::region)
          .thenComparing(Locality::zone)
          .thenComparing(Locality::subZone);

  static List<ClusterLoadAssignment> translate(
      MeshModel model, Policies policies, ProxyScope proxy) {
    List<ClusterLoadAssignment> assignments = new ArrayList<>();
    for (Service service : model.services().values()) {
      if (service.resolution() == Resolution.DNS) {
        continue;
      }
      List<Endpoint> endpoints = model.endpointsOf(service.key());
      DestinationRule rule = policies.rule(service.key());
      for (ServicePort port : service.ports()) {
        assignments.add(
            LocalityPriorities.apply(
                assignment(Names.cluster(service, port), port, endpoints),
                rule == null ? null : rule.policy("", port.number()),
                proxy));
        if (rule != null) {
          for (DestinationRule.Subset subset : rule.subsets()) {
            List<Endpoint> members =
                endpoints.stream().filter(e -> subset.matches(e.labels())).toList();
            assignments.add(
                LocalityPriorities.apply(
                    assignment(Names.subsetCluster(service, port, subset.name()), port, members),
                    rule.policy(subset.name(), port.number()),
                    proxy));
          }
        }
      }
    }
    assignments.sort(Comparator.comparing(ClusterLoadAssignment::getClusterName));
    return assignments;
  }

  static ClusterLoadAssignment assignment(
      String clusterName, ServicePort port, List<Endpoint> endpoints) {
    Map<Locality, List<Endpoint>> byLocality = new TreeMap<>(LOCALITY_ORDER);
    for (Endpoint e : endpoints) {
      byLocality.computeIfAbsent(e.locality(), l -> new ArrayList<>()).add(e);
    }
    ClusterLoadAssignment.Builder cla =
        ClusterLoadAssignment.newBuilder().setClusterName(clusterName);
    byLocality.forEach((locality, members) -> cla.addEndpoints(locality(locality, members, port)));
    return cla.build();
  }

  private static LocalityLbEndpoints locality(
      Locality locality, List<Endpoint> members, ServicePort port) {
    List<Endpoint> sorted = new ArrayList<>(members);
    sorted.sort(
        Comparator.comparing(Endpoint::address).thenComparingInt(e -> e.targetPort(port)));
    LocalityLbEndpoints.Builder builder =
        LocalityLbEndpoints.newBuilder()
            .setLocality(
                io.envoyproxy.envoy.config.core.v3.Locality.newBuilder()
                    .setRegion(locality.region())
                    .setZone(locality.zone())
                    .setSubZone(locality.subZone()));
    int weight = 0;
    for (Endpoint e : sorted) {
      builder.addLbEndpoints(lbEndpoint(e, port));
      weight += e.weight();
    }
    // grpc-java ignores localities without a weight; Istio uses the sum of its endpoints' weights.
    return builder.setLoadBalancingWeight(UInt32Value.of(weight)).build();
  }

  private static LbEndpoint lbEndpoint(Endpoint e, ServicePort port) {
    SocketAddress socket =
        SocketAddress.newBuilder().setAddress(e.address()).setPortValue(e.targetPort(port)).build();
    return LbEndpoint.newBuilder()
        .setEndpoint(
            io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                .setAddress(Address.newBuilder().setSocketAddress(socket)))
        .setHealthStatus(health(e.health()))
        .setLoadBalancingWeight(UInt32Value.of(e.weight()))
        .setMetadata(metadata(e))
        .build();
  }

  private static HealthStatus health(io.meshbridge.model.HealthStatus health) {
    return switch (health) {
      case HEALTHY -> HealthStatus.HEALTHY;
      case UNHEALTHY -> HealthStatus.UNHEALTHY;
      case DRAINING -> HealthStatus.DRAINING;
      case UNKNOWN -> HealthStatus.UNKNOWN;
    };
  }

  private static Metadata metadata(Endpoint e) {
    Struct.Builder labels = Struct.newBuilder();
    new TreeMap<>(e.labels()).forEach((k, v) -> labels.putFields(k, string(v)));
    Struct meshbridge =
        Struct.newBuilder()
            .putFields("labels", Value.newBuilder().setStructValue(labels).build())
            .putFields("source", string(e.source()))
            .build();
    return Metadata.newBuilder().putFilterMetadata(METADATA_NAMESPACE, meshbridge).build();
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private EndpointTranslator() {}
}
