package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.meshbridge.proxy.bootstrap.HostPort;

/** Reads an Envoy {@code Address} that must be a TCP {@code socket_address}. */
final class SocketAddresses {

  private SocketAddresses() {}

  /** An address to bind: an IP literal and a port in 0..65535. */
  static HostPort bindAddress(Address address, FieldChecker check, String path)
      throws InvalidResourceException {
    SocketAddress socket = socketAddress(address, check, path, 0);
    String at = FieldChecker.join(path, "socket_address.address");
    if (!HostPort.isIpLiteral(socket.getAddress())) {
      throw check.invalid(at, "'" + socket.getAddress() + "' (expected: an IP literal)");
    }
    return new HostPort(socket.getAddress(), socket.getPortValue());
  }

  /** An address to connect to: an IP literal or host name, and a port in 1..65535. */
  static HostPort connectAddress(Address address, FieldChecker check, String path)
      throws InvalidResourceException {
    SocketAddress socket = socketAddress(address, check, path, 1);
    return new HostPort(socket.getAddress(), socket.getPortValue());
  }

  private static SocketAddress socketAddress(
      Address address, FieldChecker check, String path, int minPort)
      throws InvalidResourceException {
    check.onlySupported(address, path, "socket_address");
    if (!address.hasSocketAddress()) {
      throw check.invalid(path, "missing (expected: a socket_address)");
    }
    String at = FieldChecker.join(path, "socket_address");
    SocketAddress socket = address.getSocketAddress();
    check.onlySupported(socket, at, "protocol", "address", "port_value");
    if (socket.getProtocol() != SocketAddress.Protocol.TCP) {
      throw check.invalid(
          FieldChecker.join(at, "protocol"),
          socket.getProtocol() + " is not supported (supported: TCP)");
    }
    if (socket.getAddress().isEmpty()) {
      throw check.invalid(FieldChecker.join(at, "address"), "missing (expected: a host)");
    }
    int port = socket.getPortValue();
    if (port < minPort || port > 65535) {
      throw check.invalid(
          FieldChecker.join(at, "port_value"), port + " (expected: " + minPort + "..65535)");
    }
    return socket;
  }
}
