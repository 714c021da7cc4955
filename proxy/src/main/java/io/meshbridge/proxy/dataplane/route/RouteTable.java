package io.meshbridge.proxy.dataplane.route;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.VirtualHostConfig;
import org.jspecify.annotations.Nullable;

/** A route table compiled for matching: Host picks the virtual host, the path picks the route. */
public record RouteTable(RouteConfig config, VirtualHostMatcher hosts) {

  public RouteTable {
    requireNonNull(config, "config");
    requireNonNull(hosts, "hosts");
  }

  public static RouteTable of(RouteConfig config) {
    return new RouteTable(config, VirtualHostMatcher.of(config.virtualHosts()));
  }

  /** The route for a request, or null when no virtual host or no route matches. */
  public @Nullable RouteEntry route(String host, String path) {
    VirtualHostConfig vhost = hosts.match(host);
    return vhost == null ? null : PathMatcher.firstMatch(vhost.routes(), path);
  }
}
