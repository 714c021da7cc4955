package io.meshbridge.pilot.translate;

import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.Destination;
import io.meshbridge.pilot.policy.DestinationRule;
import io.meshbridge.pilot.policy.TrafficPolicy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A VirtualService destination resolved to a service port and subset: one cluster. */
record Target(Service service, ServicePort port, String subset) {

  String cluster() {
    return subset.isEmpty()
        ? Names.cluster(service, port)
        : Names.subsetCluster(service, port, subset);
  }

  /** The DestinationRule policy that applies to this cluster (merged), or NONE. */
  TrafficPolicy policy(Policies policies) {
    DestinationRule rule = policies.rule(service.key());
    return rule == null ? TrafficPolicy.NONE : rule.policy(subset, port.number());
  }

  /**
   * Resolves {@code d} for a route on service port number {@code routePort}: port {@code
   * d.port()}, else {@code routePort} if the service has it, else its only port. Null, with a
   * problem reported under {@code where} (the destination's field path), if there is no such
   * service, port or subset.
   */
  static @Nullable Target resolve(
      Destination d,
      int routePort,
      MeshModel model,
      Policies policies,
      String where,
      List<String> problems) {
    Service service = policies.hosts.find(d.host()).map(k -> model.services().get(k)).orElse(null);
    if (service == null) {
      problems.add(where + ".host: '" + d.host() + "' is not a known service");
      return null;
    }
    int wanted = d.port() != 0 ? d.port() : routePort;
    ServicePort port =
        service.ports().stream().filter(p -> p.number() == wanted).findFirst().orElse(null);
    if (port == null && d.port() == 0 && service.ports().size() == 1) {
      port = service.ports().get(0);
    }
    if (port == null) {
      problems.add(where + ".port: service " + service.key() + " has no port "
          + wanted + (d.port() == 0 ? " and several others (expected: port.number)" : ""));
      return null;
    }
    if (!d.subset().isEmpty()) {
      DestinationRule rule = policies.rule(service.key());
      if (rule == null || rule.subset(d.subset()).isEmpty()) {
        problems.add(where + ".subset: '" + d.subset()
            + "' is not defined by a DestinationRule for service " + service.key());
        return null;
      }
    }
    return new Target(service, port, d.subset());
  }
}
