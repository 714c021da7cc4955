package io.meshbridge.pilot.translate;

import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The names {@code docs/xds.md} gives to resources. */
final class Names {

  /** {@code outbound|N||name.namespace.mesh}: cluster and load assignment of a service port. */
  static String cluster(Service service, ServicePort port) {
    return "outbound|" + port.number() + "||" + service.key().meshHostname();
  }

  /** {@code outbound|N|subset|name.namespace.mesh}: a DestinationRule subset of a service port. */
  static String subsetCluster(Service service, ServicePort port, String subset) {
    return "outbound|" + port.number() + "|" + subset + "|" + service.key().meshHostname();
  }

  /** {@code "N"}: the route configuration of a port number. */
  static String routeConfig(int port) {
    return Integer.toString(port);
  }

  /** {@code name.namespace.mesh:N}. */
  static String virtualHost(Service service, int port) {
    return service.key().meshHostname() + ":" + port;
  }

  /** {@code <bindAddress>_N}: a sidecar's listener for a port number. */
  static String sidecarListener(String bindAddress, int port) {
    return bindAddress + "_" + port;
  }

  /** The host names of a service, in order, without duplicates. */
  static List<String> hostnames(Service service) {
    Set<String> names = new LinkedHashSet<>();
    names.add(service.key().meshHostname());
    names.add(service.key().name() + "." + service.key().namespace());
    names.addAll(service.hostnames());
    return List.copyOf(names);
  }

  /** {@code shop/orders port http (8080, HTTP)}, for problem messages. */
  static String describe(Service service, ServicePort port) {
    return "service "
        + service.key()
        + " port "
        + port.name()
        + " ("
        + port.number()
        + ", "
        + port.protocol()
        + ")";
  }

  private Names() {}
}
