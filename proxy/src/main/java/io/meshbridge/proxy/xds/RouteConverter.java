package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteFilters;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RouteConfiguration} → {@link RouteConfig}. Supports virtual hosts with domains and header
 * add/remove lists, and routes with a {@link MatchConverter match}, an {@link ActionConverter
 * action} (route, direct_response, redirect) and header add/remove lists. Every other field
 * (mirrors, hash policies, ...) is rejected by name.
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
    check.onlySupported(
        host, path, "name", "domains", "routes", "request_headers_to_add",
        "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove");
    if (host.getDomainsCount() == 0) {
      throw check.invalid(join(path, "domains"), "missing (expected: at least one domain)");
    }
    List<RouteEntry> entries = new ArrayList<>();
    for (int i = 0; i < host.getRoutesCount(); i++) {
      entries.add(route(host.getRoutes(i), check, at(join(path, "routes"), i)));
    }
    HeaderMutations headers =
        HeaderMutationConverter.convert(
            host.getRequestHeadersToAddList(),
            host.getRequestHeadersToRemoveList(),
            host.getResponseHeadersToAddList(),
            host.getResponseHeadersToRemoveList(),
            check,
            path);
    return new VirtualHostConfig(host.getName(), host.getDomainsList(), entries, headers);
  }

  private static RouteEntry route(Route route, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        route, path, "name", "match", "route", "direct_response", "redirect",
        "request_headers_to_add", "request_headers_to_remove", "response_headers_to_add",
        "response_headers_to_remove", "metadata", "typed_per_filter_config");
    boolean retryNonIdempotent =
        RetryPolicyConverter.retryNonIdempotent(
            route.getMetadata(), check, join(path, "metadata"));
    if (!route.hasMatch()) {
      throw check.invalid(join(path, "match"), "missing (expected: prefix, path or safe_regex)");
    }
    RouteMatch match = MatchConverter.convert(route.getMatch(), check, join(path, "match"));
    RouteAction action =
        switch (route.getActionCase()) {
          case ROUTE ->
              ActionConverter.forward(
                  route.getRoute(), match.path(), retryNonIdempotent, check, join(path, "route"));
          case DIRECT_RESPONSE ->
              ActionConverter.directResponse(
                  route.getDirectResponse(), check, join(path, "direct_response"));
          case REDIRECT ->
              ActionConverter.redirect(
                  route.getRedirect(), match.path(), check, join(path, "redirect"));
          default ->
              throw check.invalid(
                  join(path, "route"),
                  "missing (expected: route, direct_response or redirect)");
        };
    HeaderMutations headers =
        HeaderMutationConverter.convert(
            route.getRequestHeadersToAddList(),
            route.getRequestHeadersToRemoveList(),
            route.getResponseHeadersToAddList(),
            route.getResponseHeadersToRemoveList(),
            check,
            path);
    RouteFilters filters =
        FilterConfigConverter.convert(
            route.getTypedPerFilterConfigMap(), check, join(path, "typed_per_filter_config"));
    return new RouteEntry(route.getName(), match, action, headers, filters);
  }
}
