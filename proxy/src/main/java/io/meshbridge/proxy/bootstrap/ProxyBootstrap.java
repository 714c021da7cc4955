package io.meshbridge.proxy.bootstrap;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import java.time.Duration;
import java.util.List;

/**
 * What the proxy needs to start, validated from its bootstrap file.
 *
 * @param node who this proxy is, sent to pilot with every xDS request: {@code id} (never empty),
 *     {@code cluster}, {@code metadata} and {@code locality}, nothing else
 * @param adsApi state of the world ({@code api_type: GRPC}) or delta ({@code DELTA_GRPC})
 * @param xdsServers the xDS (ADS) servers, in failover order, never empty
 * @param xdsConnectTimeout how long a TCP connect to an xDS server may take (the xDS cluster's
 *     {@code connect_timeout}, default 5 s as Envoy)
 * @param adminAddress where the admin endpoint listens (an IP literal and a port)
 * @param xdsTls whether the xDS cluster has a TLS {@code transport_socket}: mTLS to pilot with the
 *     identity provider's certificate
 */
public record ProxyBootstrap(
    Node node, AdsApi adsApi, List<HostPort> xdsServers, Duration xdsConnectTimeout,
    HostPort adminAddress, boolean xdsTls) {

  /** A bootstrap with plaintext xDS. */
  public ProxyBootstrap(Node node, AdsApi adsApi, List<HostPort> xdsServers,
      Duration xdsConnectTimeout, HostPort adminAddress) {
    this(node, adsApi, xdsServers, xdsConnectTimeout, adminAddress, false);
  }

  public ProxyBootstrap {
    requireNonNull(node, "node");
    requireNonNull(adsApi, "adsApi");
    xdsServers = List.copyOf(xdsServers);
    requireNonNull(xdsConnectTimeout, "xdsConnectTimeout");
    requireNonNull(adminAddress, "adminAddress");
    if (node.getId().isEmpty()) {
      throw new IllegalArgumentException("node.id: '' (expected: a non-empty node id)");
    }
    if (xdsServers.isEmpty()) {
      throw new IllegalArgumentException("xdsServers: [] (expected: at least one address)");
    }
    if (xdsConnectTimeout.isNegative() || xdsConnectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "xdsConnectTimeout: " + xdsConnectTimeout + " (expected: a positive duration)");
    }
  }
}
