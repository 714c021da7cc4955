package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/** One of a route's {@code request_mirror_policies}: copy a fraction of requests to a cluster. */
public record MirrorPolicy(String cluster, Fraction fraction) {

  public MirrorPolicy {
    requireNonNull(cluster, "cluster");
    requireNonNull(fraction, "fraction");
    if (cluster.isEmpty()) {
      throw new IllegalArgumentException("cluster: '' (expected: a cluster name)");
    }
  }
}
