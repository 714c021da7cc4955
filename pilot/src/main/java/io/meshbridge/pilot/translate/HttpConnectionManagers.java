package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/** The one {@link HttpConnectionManager} shape every listener uses: RDS over ADS, then router. */
final class HttpConnectionManagers {

  static final String FILTER_NAME = "envoy.filters.network.http_connection_manager";
  static final String ROUTER_NAME = "envoy.filters.http.router";

  /** For port {@code port}: {@code stat_prefix: outbound_N}, routes from {@code "N"}. */
  static HttpConnectionManager forPort(int port) {
    return forPort(port, Set.of());
  }

  /**
   * As {@link #forPort(int)}, with the HTTP filters of {@code filters} (names from {@link
   * RouteFilters}) before the router, in {@link RouteFilters#ORDER}: only the filters some route of
   * the port configures, so a listener whose routes use none gets just the router.
   */
  static HttpConnectionManager forPort(int port, Set<String> filters) {
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder();
    for (String name : RouteFilters.ORDER) {
      if (filters.contains(name)) {
        hcm.addHttpFilters(HttpFilter.newBuilder().setName(name).setTypedConfig(emptyConfig(name)));
      }
    }
    return hcm
        .setStatPrefix("outbound_" + port)
        .setRds(
            Rds.newBuilder()
                .setRouteConfigName(Names.routeConfig(port))
                .setConfigSource(ConfigSources.ads()))
        .addHttpFilters(
            HttpFilter.newBuilder()
                .setName(ROUTER_NAME)
                .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
  }

  /** The filter-level config: empty, the routes configure each filter. */
  private static Any emptyConfig(String filter) {
    return switch (filter) {
      case RouteFilters.CORS -> Any.pack(Cors.getDefaultInstance());
      case RouteFilters.FAULT -> Any.pack(HTTPFault.getDefaultInstance());
      default ->
          Any.pack(LocalRateLimit.newBuilder().setStatPrefix("http_local_rate_limiter").build());
    };
  }

  /** The filter names the routes of each route configuration configure, by port number. */
  static Map<Integer, Set<String>> filtersByPort(List<RouteConfiguration> routes) {
    Map<Integer, Set<String>> out = new HashMap<>();
    for (RouteConfiguration rc : routes) {
      Set<String> names = new HashSet<>();
      rc.getVirtualHostsList().forEach(vh -> vh.getRoutesList()
          .forEach(r -> names.addAll(r.getTypedPerFilterConfigMap().keySet())));
      out.put(Integer.parseInt(rc.getName()), names);
    }
    return out;
  }

  private HttpConnectionManagers() {}
}
