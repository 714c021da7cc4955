package io.meshbridge.proxy.bootstrap;

import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;

/**
 * {@code Bootstrap} → {@link ProxyBootstrap}. Accepts {@code node}, {@code dynamic_resources} with
 * an ADS {@code ads_config}, the {@code static_resources} cluster it names, and {@code
 * admin.address}; any other field is rejected by name.
 */
final class BootstrapValidator {

  /** Node metadata key pilot reads the proxy's listener address from (docs/xds.md). */
  static final String BIND_ADDRESS_KEY = "MESHBRIDGE_BIND_ADDRESS";

  private BootstrapValidator() {}

  static ProxyBootstrap validate(Bootstrap bootstrap, String file) throws BootstrapException {
    BootstrapChecker check = new BootstrapChecker(file);
    check.onlySupported(bootstrap, "", "node", "static_resources", "dynamic_resources", "admin");
    Node node = node(bootstrap.getNode(), check);
    XdsServers servers = XdsServers.of(bootstrap, check);
    HostPort admin = admin(bootstrap, check);
    return new ProxyBootstrap(node, servers.api(), servers.addresses(), servers.connectTimeout(),
        admin, servers.tls());
  }

  private static Node node(Node node, BootstrapChecker check) throws BootstrapException {
    check.onlySupported(node, "node", "id", "cluster", "metadata", "locality");
    if (node.getId().isEmpty()) {
      throw check.invalid("node.id", "missing (expected: a non-empty node id)");
    }
    Value bind = node.getMetadata().getFieldsMap().get(BIND_ADDRESS_KEY);
    if (bind != null && !(bind.hasStringValue() && HostPort.isIpLiteral(bind.getStringValue()))) {
      throw check.invalid(
          "node.metadata." + BIND_ADDRESS_KEY,
          (bind.hasStringValue() ? "'" + bind.getStringValue() + "'" : bind.getKindCase().name())
              + " (expected: an IP literal)");
    }
    return node;
  }

  private static HostPort admin(Bootstrap bootstrap, BootstrapChecker check)
      throws BootstrapException {
    Admin admin = bootstrap.getAdmin();
    check.onlySupported(admin, "admin", "address");
    if (!admin.getAddress().hasSocketAddress()) {
      throw check.invalid(
          "admin.address.socket_address", "missing (expected: the admin endpoint's address)");
    }
    HostPort address = socketAddress(admin.getAddress(), 0, check, "admin.address");
    if (!HostPort.isIpLiteral(address.host())) {
      throw check.invalid(
          "admin.address.socket_address.address",
          "'" + address.host() + "' (expected: an IP literal)");
    }
    return address;
  }

  /** A TCP socket address with a port of at least {@code minPort}. */
  static HostPort socketAddress(Address address, int minPort, BootstrapChecker check, String path)
      throws BootstrapException {
    check.onlySupported(address, path, "socket_address");
    String at = BootstrapChecker.join(path, "socket_address");
    SocketAddress socket = address.getSocketAddress();
    check.onlySupported(socket, at, "protocol", "address", "port_value");
    if (socket.getProtocol() != SocketAddress.Protocol.TCP) {
      throw check.invalid(at + ".protocol", socket.getProtocol() + " (expected: TCP)");
    }
    if (socket.getAddress().isEmpty()) {
      throw check.invalid(at + ".address", "missing (expected: an IP address or host name)");
    }
    if (socket.getPortValue() < minPort || socket.getPortValue() > 65535) {
      throw check.invalid(
          at + ".port_value", socket.getPortValue() + " (expected: " + minPort + "..65535)");
    }
    return new HostPort(socket.getAddress(), socket.getPortValue());
  }
}
