package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServicePort;
import io.meshbridge.proxy.bootstrap.HostPort;

/**
 * One mesh-facing port of the local workload: the proxy's inbound listener takes {@code port} and
 * forwards to the app on {@code targetAddress:targetPort} (docs/xds.md {@code MESHBRIDGE_INBOUND}).
 * The registration publishes {@code port}; the inbound listener binds {@code address:port}
 * (default {@code 0.0.0.0}).
 */
public record PortConfig(
    String name, int port, Protocol protocol, int targetPort, String targetAddress,
    String address) {

  /** Where an inbound listener binds unless told otherwise: every IPv4 address. */
  public static final String ANY_ADDRESS = "0.0.0.0";

  public PortConfig {
    requireNonNull(name, "name");
    requireNonNull(protocol, "protocol");
    requireNonNull(targetAddress, "targetAddress");
    requireNonNull(address, "address");
    if (!HostPort.isIpLiteral(address)) {
      throw new IllegalArgumentException(
          "address: '" + address + "' (expected: an IP literal, e.g. 0.0.0.0)");
    }
    if (protocol == Protocol.TLS) {
      throw new IllegalArgumentException(
          "protocol: TLS (expected one of: HTTP, HTTP2, GRPC, TCP; an inbound port's protocol)");
    }
  }

  /** The port as the registries and the model see it. */
  public ServicePort servicePort() {
    return new ServicePort(name, port, protocol);
  }
}
