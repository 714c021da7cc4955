package io.meshbridge.pilot.translate;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.EdsClusterConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.DestinationRule;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One EDS cluster per port of every service, whatever its protocol, and one per port and subset of
 * its DestinationRule; the rule's load balancer applies to all of them.
 */
final class ClusterTranslator {

  private static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  static List<Cluster> translate(MeshModel model, Policies policies) {
    List<Cluster> clusters = new ArrayList<>();
    for (Service service : model.services().values()) {
      DestinationRule rule = policies.rule(service.key());
      for (ServicePort port : service.ports()) {
        clusters.add(cluster(Names.cluster(service, port), rule, "", port));
        if (rule != null) {
          for (DestinationRule.Subset subset : rule.subsets()) {
            clusters.add(
                cluster(Names.subsetCluster(service, port, subset.name()), rule, subset.name(),
                    port));
          }
        }
      }
    }
    clusters.sort(Comparator.comparing(Cluster::getName));
    return clusters;
  }

  private static Cluster cluster(
      String name, @Nullable DestinationRule rule, String subset, ServicePort port) {
    Cluster.Builder cluster =
        Cluster.newBuilder()
            .setName(name)
            .setType(DiscoveryType.EDS)
            .setEdsClusterConfig(
                EdsClusterConfig.newBuilder()
                    .setEdsConfig(ConfigSources.ads())
                    .setServiceName(name))
            .setLbPolicy(LbPolicy.ROUND_ROBIN)
            .setConnectTimeout(CONNECT_TIMEOUT);
    if (rule != null) {
      ClusterPolicies.apply(rule.policy(subset, port.number()), rule.peakEwmaDecay(), port, cluster);
    }
    return cluster.build();
  }

  private ClusterTranslator() {}
}
