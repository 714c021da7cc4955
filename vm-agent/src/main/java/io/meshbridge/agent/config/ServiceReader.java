package io.meshbridge.agent.config;

import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Reads {@code service:}; defaults the instance id to the host name, the address to the VM's IP. */
final class ServiceReader {

  static ServiceConfig read(ConfigNode s) {
    s.only("name", "namespace", "serviceAccount", "instanceId", "address", "ports", "labels",
        "locality");
    ServiceKey key = AgentConfigLoader.key(s, s.requiredString("name", "a mesh service name"),
        s.string("namespace", "default"));
    List<PortConfig> ports = new ArrayList<>();
    for (ConfigNode p : s.objects("ports")) {
      ports.add(port(p));
    }
    if (ports.isEmpty()) {
      throw s.invalid("ports", "missing (expected: at least one port, e.g."
          + " [{name: http, port: 8080, protocol: HTTP, targetPort: 18080}])");
    }
    Locality locality = Locality.UNKNOWN;
    ConfigNode l = s.object("locality");
    if (l != null) {
      l.only("region", "zone", "subZone");
      locality = new Locality(l.string("region", ""), l.string("zone", ""), l.string("subZone", ""));
    }
    String address = s.string("address");
    try {
      return new ServiceConfig(key, s.string("serviceAccount", "default"),
          s.string("instanceId", hostName()), address != null ? address : primaryAddress(s),
          ports, s.stringMap("labels"), locality);
    } catch (IllegalArgumentException e) {
      throw s.nested(e.getMessage());
    }
  }

  private static PortConfig port(ConfigNode p) {
    p.only("name", "port", "protocol", "targetPort", "targetAddress", "address");
    int port = p.requiredInteger("port", 1, 65535);
    String protocolName = p.requiredString("protocol", "one of HTTP, HTTP2, GRPC, TCP");
    Protocol protocol;
    try {
      protocol = Protocol.parse(protocolName);
    } catch (IllegalArgumentException e) {
      protocol = Protocol.TLS;
    }
    if (protocol == Protocol.TLS) {
      throw p.invalid("protocol", "'" + protocolName + "' (expected one of: HTTP, HTTP2, GRPC, TCP)");
    }
    String name = p.string("name", protocol.name().toLowerCase(Locale.ROOT) + "-" + port);
    try {
      return new PortConfig(name, port, protocol, p.requiredInteger("targetPort", 1, 65535),
          p.string("targetAddress", "127.0.0.1"), p.string("address", PortConfig.ANY_ADDRESS));
    } catch (IllegalArgumentException e) {
      throw p.nested(e.getMessage());
    }
  }

  private static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      int dot = name.indexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The first up, non-loopback IPv4 address, as Eureka's and Consul's own clients pick it. */
  private static String primaryAddress(ConfigNode s) {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      throw s.invalid("address", "missing, and the network interfaces cannot be read ("
          + e.getMessage() + "); set it");
    }
    throw s.invalid("address", "missing, and this host has no non-loopback IPv4 address; set it");
  }

  private ServiceReader() {}
}
