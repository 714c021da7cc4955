package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServicePort;

/**
 * One mesh-facing port of the local workload: the proxy's inbound listener takes {@code port} and
 * forwards to the app on {@code targetAddress:targetPort} (docs/xds.md {@code MESHBRIDGE_INBOUND}).
 * The registration publishes {@code port}.
 */
public record PortConfig(
    String name, int port, Protocol protocol, int targetPort, String targetAddress) {

  public PortConfig {
    requireNonNull(name, "name");
    requireNonNull(protocol, "protocol");
    requireNonNull(targetAddress, "targetAddress");
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
