package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
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
    return HttpConnectionManager.newBuilder()
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

  private HttpConnectionManagers() {}
}
