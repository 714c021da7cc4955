package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A virtual host: the domains it answers for (Envoy's rules: exact, {@code *.suffix}, {@code
 * prefix*}, or {@code *}) and its routes, tried in order, first match wins.
 */
public record VirtualHostConfig(String name, List<String> domains, List<RouteEntry> routes) {

  public VirtualHostConfig {
    requireNonNull(name, "name");
    domains = List.copyOf(domains);
    routes = List.copyOf(routes);
  }
}
