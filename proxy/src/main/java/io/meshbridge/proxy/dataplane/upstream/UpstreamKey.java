package io.meshbridge.proxy.dataplane.upstream;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.UpstreamTlsConfig;
import org.jspecify.annotations.Nullable;

/**
 * Which pool an upstream connection belongs to: one endpoint of one cluster (like Envoy, a host
 * shared by two clusters gets separate connections, so per-cluster stats stay exact), over one
 * transport: plaintext ({@code tls == null}) and each TLS configuration get their own connections.
 */
public record UpstreamKey(String cluster, String host, int port, @Nullable UpstreamTlsConfig tls) {

  public UpstreamKey {
    requireNonNull(cluster, "cluster");
    requireNonNull(host, "host");
  }

  /** A plaintext endpoint. */
  public UpstreamKey(String cluster, String host, int port) {
    this(cluster, host, port, null);
  }

  /** {@code host:port}, bracketing an IPv6 literal; what a Host header would carry. */
  public String authority() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return cluster + "/" + authority() + (tls == null ? "" : "/tls");
  }
}
