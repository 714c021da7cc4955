package io.meshbridge.proxy.dataplane.route;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.VirtualHostConfig;
import org.jspecify.annotations.Nullable;

/**
 * A route table compiled for matching: Host picks the virtual host, then the first route whose
 * matchers (path, headers, query parameters) hold.
 */
public record RouteTable(RouteConfig config, VirtualHostMatcher hosts) {

  public RouteTable {
    requireNonNull(config, "config");
    requireNonNull(hosts, "hosts");
  }

  public static RouteTable of(RouteConfig config) {
    return new RouteTable(config, VirtualHostMatcher.of(config.virtualHosts()));
  }

  /** The virtual host and route for a request, or null when no virtual host or route matches. */
  public @Nullable Match route(RequestView request) {
    VirtualHostConfig vhost = hosts.match(request.host());
    RouteEntry route = vhost == null ? null : RouteMatcher.firstMatch(vhost.routes(), request);
    return route == null ? null : new Match(vhost, route);
  }

  /** A matched route and the virtual host it belongs to. */
  public record Match(VirtualHostConfig virtualHost, RouteEntry route) {}
}
