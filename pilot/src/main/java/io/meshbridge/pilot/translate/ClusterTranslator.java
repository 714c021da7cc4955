package io.meshbridge.pilot.translate;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.EdsClusterConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Resolution;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.DestinationRule;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One EDS cluster per port of every service, whatever its protocol, and one per port and subset of
 * its DestinationRule; the rule's load balancer applies to all of them. A service that resolves by
 * DNS gets {@code STRICT_DNS} clusters instead, with its endpoints (host names) inline.
 */
final class ClusterTranslator {

  private static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  static List<Cluster> translate(MeshModel model, Policies policies) {
    List<Cluster> clusters = new ArrayList<>();
    for (Service service : model.services().values()) {
      DestinationRule rule = policies.rule(service.key());
      List<Endpoint> endpoints =
          service.resolution() == Resolution.DNS
              ? model.endpointsOf(service.key())
              : List.of();
      for (ServicePort port : service.ports()) {
        clusters.add(cluster(service, port, Names.cluster(service, port), endpoints, rule, ""));
        if (rule != null) {
          for (DestinationRule.Subset subset : rule.subsets()) {
            List<Endpoint> members =
                endpoints.stream().filter(e -> subset.matches(e.labels())).toList();
            clusters.add(
                cluster(
                    service,
                    port,
                    Names.subsetCluster(service, port, subset.name()),
                    members,
                    rule,
                    subset.name()));
          }
        }
      }
    }
    clusters.sort(Comparator.comparing(Cluster::getName));
    return clusters;
  }

  /**
   * The cluster {@code name}: EDS, or {@code STRICT_DNS} with {@code endpoints} inline for a
   * service that resolves by DNS; then the DestinationRule's policy for {@code subset} ("" for
   * none) and the port.
   */
  private static Cluster cluster(
      Service service,
      ServicePort port,
      String name,
      List<Endpoint> endpoints,
      @Nullable DestinationRule rule,
      String subset) {
    Cluster.Builder cluster =
        Cluster.newBuilder()
            .setName(name)
            .setLbPolicy(LbPolicy.ROUND_ROBIN)
            .setConnectTimeout(CONNECT_TIMEOUT);
    if (service.resolution() == Resolution.DNS) {
      cluster
          .setType(DiscoveryType.STRICT_DNS)
          .setLoadAssignment(EndpointTranslator.assignment(name, port, endpoints));
    } else {
      cluster
          .setType(DiscoveryType.EDS)
          .setEdsClusterConfig(
              EdsClusterConfig.newBuilder().setEdsConfig(ConfigSources.ads()).setServiceName(name));
    }
    if (rule != null) {
      ClusterPolicies.apply(rule.policy(subset, port.number()), rule.peakEwmaDecay(), port, cluster);
    } else {
      ClusterPolicies.httpProtocol(null, port, cluster);
    }
    return cluster.build();
  }

  private ClusterTranslator() {}
}
