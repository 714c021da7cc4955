package io.meshbridge.proxy.dataplane.upstream;

import static java.util.Objects.requireNonNull;

/**
 * Which pool an upstream connection belongs to: one endpoint of one cluster (like Envoy, a host
 * shared by two clusters gets separate connections, so per-cluster stats stay exact).
 */
public record UpstreamKey(String cluster, String host, int port) {

  public UpstreamKey {
    requireNonNull(cluster, "cluster");
    requireNonNull(host, "host");
  }

  /** {@code host:port}, bracketing an IPv6 literal; what a Host header would carry. */
  public String authority() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return cluster + "/" + authority();
  }
}
