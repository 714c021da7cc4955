package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A virtual host: the domains it answers for (Envoy's rules: exact, {@code *.suffix}, {@code
 * prefix*}, or {@code *}), its routes, tried in order, first match wins, and the header changes
 * made for every request it takes (after the route's own).
 */
public record VirtualHostConfig(
    String name, List<String> domains, List<RouteEntry> routes, HeaderMutations headers) {

  public VirtualHostConfig {
    requireNonNull(name, "name");
    domains = List.copyOf(domains);
    routes = List.copyOf(routes);
    requireNonNull(headers, "headers");
  }

  public VirtualHostConfig(String name, List<String> domains, List<RouteEntry> routes) {
    this(name, domains, routes, HeaderMutations.NONE);
  }
}
