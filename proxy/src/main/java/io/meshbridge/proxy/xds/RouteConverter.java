package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RouteConfiguration} → {@link RouteConfig}. Supports virtual hosts with domains, and routes
 * that match a path {@code prefix} or exact {@code path} (with {@code case_sensitive}) and send to
 * one {@code route.cluster}. Everything else (regex, headers, weighted clusters, redirects, direct
 * responses, timeouts, retries, ...) is rejected by name until traffic management lands.
 */
public final class RouteConverter {

  private RouteConverter() {}

  /** Converts an RDS resource. */
  public static RouteConfig convert(RouteConfiguration routes) throws InvalidResourceException {
    FieldChecker check = new FieldChecker("RouteConfiguration " + routes.getName());
    return convert(routes, routes.getName(), check, "");
  }

  /**
   * Converts a route table found inside another resource (an HTTP connection manager's inline
   * {@code route_config}); errors name that resource and {@code path}.
   */
  static RouteConfig convert(
      RouteConfiguration routes, String name, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(routes, path, "name", "virtual_hosts");
    Map<String, String> domainOwners = new HashMap<>();
    List<VirtualHostConfig> hosts = new ArrayList<>();
    for (int i = 0; i < routes.getVirtualHostsCount(); i++) {
      String hostPath = at(join(path, "virtual_hosts"), i);
      VirtualHost host = routes.getVirtualHosts(i);
      hosts.add(virtualHost(host, check, hostPath));
      for (int d = 0; d < host.getDomainsCount(); d++) {
        String owner = domainOwners.putIfAbsent(host.getDomains(d), host.getName());
        if (owner != null) {
          throw check.invalid(
              at(join(hostPath, "domains"), d),
              "'" + host.getDomains(d) + "' is already a domain of virtual host '" + owner + "'");
        }
      }
    }
    return new RouteConfig(name, hosts);
  }

  private static VirtualHostConfig virtualHost(VirtualHost host, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(host, path, "name", "domains", "routes");
    if (host.getDomainsCount() == 0) {
      throw check.invalid(join(path, "domains"), "missing (expected: at least one domain)");
    }
    List<RouteEntry> entries = new ArrayList<>();
    for (int i = 0; i < host.getRoutesCount(); i++) {
      entries.add(route(host.getRoutes(i), check, at(join(path, "routes"), i)));
    }
    return new VirtualHostConfig(host.getName(), host.getDomainsList(), entries);
  }

  private static RouteEntry route(Route route, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(route, path, "name", "match", "route");
    if (!route.hasMatch()) {
      throw check.invalid(join(path, "match"), "missing (expected: prefix or path)");
    }
    if (!route.hasRoute()) {
      throw check.invalid(join(path, "route"), "missing (expected: a route to a cluster)");
    }
    return new RouteEntry(match(route.getMatch(), check, join(path, "match")),
        cluster(route.getRoute(), check, join(path, "route")));
  }

  private static PathMatch match(RouteMatch match, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(match, path, "prefix", "path", "case_sensitive");
    boolean caseSensitive = !match.hasCaseSensitive() || match.getCaseSensitive().getValue();
    switch (match.getPathSpecifierCase()) {
      case PREFIX:
        return new PathMatch(PathMatch.Kind.PREFIX, match.getPrefix(), caseSensitive);
      case PATH:
        return new PathMatch(PathMatch.Kind.PATH, match.getPath(), caseSensitive);
      default:
        throw check.invalid(path, "no path specifier (expected: prefix or path)");
    }
  }

  private static String cluster(RouteAction action, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(action, path, "cluster");
    if (action.getCluster().isEmpty()) {
      throw check.invalid(join(path, "cluster"), "missing (expected: a cluster name)");
    }
    return action.getCluster();
  }
}
