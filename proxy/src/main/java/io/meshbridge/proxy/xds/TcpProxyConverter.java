package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster.ClusterWeight;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.config.TcpProxyConfig.WeightedCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code envoy.filters.network.tcp_proxy} → {@link TcpProxyConfig}: {@code stat_prefix} and either
 * {@code cluster} or {@code weighted_clusters} (name and weight per cluster). Every other field is
 * rejected by name.
 */
final class TcpProxyConverter {

  private TcpProxyConverter() {}

  static TcpProxyConfig convert(TcpProxy proxy, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(proxy, path, "stat_prefix", "cluster", "weighted_clusters");
    if (proxy.getStatPrefix().isEmpty()) {
      throw check.invalid(join(path, "stat_prefix"), "missing (expected: a non-empty prefix)");
    }
    switch (proxy.getClusterSpecifierCase()) {
      case CLUSTER:
        if (proxy.getCluster().isEmpty()) {
          throw check.invalid(join(path, "cluster"), "empty (expected: a cluster name)");
        }
        return TcpProxyConfig.single(proxy.getStatPrefix(), proxy.getCluster());
      case WEIGHTED_CLUSTERS:
        return new TcpProxyConfig(
            proxy.getStatPrefix(),
            weighted(proxy.getWeightedClusters(), check, join(path, "weighted_clusters")));
      default:
        throw check.invalid(
            join(path, "cluster_specifier"), "missing (expected: cluster or weighted_clusters)");
    }
  }

  private static List<WeightedCluster> weighted(
      TcpProxy.WeightedCluster weighted, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(weighted, path, "clusters");
    String listPath = join(path, "clusters");
    if (weighted.getClustersCount() == 0) {
      throw check.invalid(listPath, "empty (expected: at least one cluster)");
    }
    List<WeightedCluster> clusters = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < weighted.getClustersCount(); i++) {
      ClusterWeight c = weighted.getClusters(i);
      String at = at(listPath, i);
      check.onlySupported(c, at, "name", "weight");
      if (c.getName().isEmpty()) {
        throw check.invalid(join(at, "name"), "empty (expected: a cluster name)");
      }
      clusters.add(new WeightedCluster(c.getName(), c.getWeight()));
      total += c.getWeight();
    }
    if (total == 0) {
      throw check.invalid(listPath, "every weight is 0 (expected: at least one above 0)");
    }
    return clusters;
  }
}
