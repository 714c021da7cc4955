package io.meshbridge.pilot.translate;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import io.meshbridge.model.Protocol;
import java.util.List;

/**
 * The workload a sidecar runs, from its node metadata (docs/xds.md, "The workload a node runs"):
 * its identity, and the mesh-facing ports it takes for the local app.
 *
 * @param namespace metadata {@code NAMESPACE}
 * @param serviceAccount metadata {@code SERVICE_ACCOUNT}
 * @param inbound metadata {@code MESHBRIDGE_INBOUND}, in the order given
 */
public record ProxyWorkload(String namespace, String serviceAccount, List<Inbound> inbound) {

  /**
   * One {@code MESHBRIDGE_INBOUND} entry: listen on {@code address:port}, forward to {@code
   * targetAddress:targetPort}.
   *
   * @param protocol HTTP, HTTP2, GRPC or TCP
   */
  public record Inbound(
      int port,
      Protocol protocol,
      int targetPort,
      String targetAddress,
      String address,
      String name) {

    public static final String DEFAULT_TARGET_ADDRESS = "127.0.0.1";
    public static final String DEFAULT_ADDRESS = "0.0.0.0";

    public Inbound {
      requireNonNull(protocol, "protocol");
      requireNonNull(targetAddress, "targetAddress");
      requireNonNull(address, "address");
      requireNonNull(name, "name");
      checkPort("port", port);
      checkPort("targetPort", targetPort);
      if (protocol == Protocol.TLS) {
        throw new IllegalArgumentException(
            "protocol: TLS (expected: HTTP, HTTP2, GRPC or TCP)");
      }
      checkIp("targetAddress", targetAddress);
      checkIp("address", address);
    }

    private static void checkPort(String field, int value) {
      if (value < 1 || value > 65535) {
        throw new IllegalArgumentException(field + ": " + value + " (expected: 1..65535)");
      }
    }

    private static void checkIp(String field, String value) {
      if (!InetAddresses.isInetAddress(value)) {
        throw new IllegalArgumentException(
            field + ": '" + value + "' (expected: an IP literal, e.g. 127.0.0.1)");
      }
    }
  }

  public ProxyWorkload {
    requireNonNull(namespace, "namespace");
    requireNonNull(serviceAccount, "serviceAccount");
    inbound = List.copyOf(inbound);
  }
}
