package io.meshbridge.pilot.translate;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.EdsClusterConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One EDS cluster per port of every service, whatever its protocol. */
final class ClusterTranslator {

  private static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  static List<Cluster> translate(MeshModel model) {
    List<Cluster> clusters = new ArrayList<>();
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        clusters.add(cluster(Names.cluster(service, port)));
      }
    }
    clusters.sort(Comparator.comparing(Cluster::getName));
    return clusters;
  }

  private static Cluster cluster(String name) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(DiscoveryType.EDS)
        .setEdsClusterConfig(
            EdsClusterConfig.newBuilder()
                .setEdsConfig(ConfigSources.ads())
                .setServiceName(name))
        .setLbPolicy(LbPolicy.ROUND_ROBIN)
        .setConnectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  private ClusterTranslator() {}
}
