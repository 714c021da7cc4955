package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A {@code tcp_proxy} network filter: relay the connection's bytes to one of these clusters, drawn
 * once per connection in proportion to its weight.
 *
 * @param statPrefix the filter's {@code stat_prefix} (labels its stats)
 * @param clusters one cluster (weight 1) or the {@code weighted_clusters}; at least one with a
 *     weight above 0
 */
public record TcpProxyConfig(String statPrefix, List<WeightedCluster> clusters) {

  public TcpProxyConfig {
    requireNonNull(statPrefix, "statPrefix");
    clusters = List.copyOf(clusters);
    if (clusters.stream().mapToLong(WeightedCluster::weight).sum() <= 0) {
      throw new IllegalArgumentException(
          "clusters: " + clusters + " (expected: at least one with a weight above 0)");
    }
  }

  /** A proxy to a single cluster. */
  public static TcpProxyConfig single(String statPrefix, String cluster) {
    return new TcpProxyConfig(statPrefix, List.of(new WeightedCluster(cluster, 1)));
  }

  /**
   * The cluster for a value drawn uniformly from {@code [0, total weight)}: the one whose weight
   * range holds it.
   */
  public String pick(long draw) {
    long left = draw;
    for (WeightedCluster c : clusters) {
      if (left < c.weight()) {
        return c.name();
      }
      left -= c.weight();
    }
    throw new IllegalArgumentException(
        "draw: " + draw + " (expected: 0.." + (totalWeight() - 1) + ")");
  }

  public long totalWeight() {
    return clusters.stream().mapToLong(WeightedCluster::weight).sum();
  }

  /** A cluster and its share. */
  public record WeightedCluster(String name, int weight) {

    public WeightedCluster {
      requireNonNull(name, "name");
      if (weight < 0) {
        throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
      }
    }
  }
}
