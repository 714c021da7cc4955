package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@link RouteConfiguration} per HTTP-family port number, one virtual host per service on it.
 * A domain claimed by two services on one port stays with the first in key order; the other is
 * reported, since Envoy rejects duplicate domains. A service with a VirtualService gets its routes
 * instead of the default catch-all route.
 */
final class RouteTranslator {

  static List<RouteConfiguration> translate(
      MeshModel model, Policies policies, ProxyScope scope, List<String> problems) {
    SortedMap<Integer, RouteConfiguration.Builder> byPort = new TreeMap<>();
    SortedMap<Integer, Map<String, ServiceKey>> owners = new TreeMap<>();
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        if (!port.protocol().isHttp()) {
          continue;
        }
        int n = port.number();
        Map<String, ServiceKey> claimed = owners.computeIfAbsent(n, k -> new HashMap<>());
        VirtualHost.Builder vhost = virtualHost(service, port, claimed, policies, problems);
        var vs = policies.virtualService(service.key());
        if (vs.isPresent()) {
          vhost.clearRoutes()
              .addAllRoutes(PolicyRoutes.routes(vs.get(), port, model, policies, scope, problems));
        }
        if (vhost.getDomainsCount() == 0) {
          problems.add(
              Names.describe(service, port)
                  + ": virtual host "
                  + vhost.getName()
                  + " left out: every host name is claimed by other services");
          continue;
        }
        byPort
            .computeIfAbsent(n, k -> RouteConfiguration.newBuilder().setName(Names.routeConfig(k)))
            .addVirtualHosts(vhost);
      }
    }
    List<RouteConfiguration> routes = new ArrayList<>();
    byPort.values().forEach(b -> routes.add(b.build()));
    return routes;
  }

  private static VirtualHost.Builder virtualHost(
      Service service,
      ServicePort port,
      Map<String, ServiceKey> claimed,
      Policies policies,
      List<String> problems) {
    int n = port.number();
    VirtualHost.Builder vhost = VirtualHost.newBuilder().setName(Names.virtualHost(service, n));
    for (String host : Names.hostnames(service)) {
      ServiceKey owner = claimed.putIfAbsent(host, service.key());
      if (owner != null) {
        problems.add(
            Names.describe(service, port)
                + ": domain '"
                + host
                + "' is already claimed by service "
                + owner
                + " on port "
                + n
                + "; left out of virtual host "
                + vhost.getName());
        continue;
      }
      vhost.addDomains(host).addDomains(host + ":" + n);
    }
    RouteAction.Builder action = RouteAction.newBuilder().setCluster(Names.cluster(service, port));
    HashPolicies.of(List.of(new Target(service, port, "")), policies)
        .ifPresent(action::addHashPolicy);
    vhost.addRoutes(
        Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/")).setRoute(action));
    return vhost;
  }

  private RouteTranslator() {}
}
