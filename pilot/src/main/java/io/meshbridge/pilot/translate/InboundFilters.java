package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.ForwardClientCertDetails;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.SetCurrentClientCertDetails;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.meshbridge.pilot.policy.AuthorizationPolicy;
import io.meshbridge.pilot.translate.security.RbacRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The network filters of an inbound filter chain: an HTTP connection manager with an inline route
 * to the local app and the RBAC HTTP filters, or, on a TCP port, the network RBAC filters and a
 * {@code tcp_proxy}.
 */
final class InboundFilters {

  static final String HTTP_RBAC = "envoy.filters.http.rbac";
  static final String NETWORK_RBAC = "envoy.filters.network.rbac";
  static final String TCP_STAT_PREFIX = "tcp.";

  static List<Filter> of(
      ProxyWorkload.Inbound in,
      List<AuthorizationPolicy> authz,
      java.util.Set<String> revoked,
      List<String> problems) {
    String cluster = InboundTranslator.clusterName(in);
    List<RBAC> rbac = new ArrayList<>();
    RevokedIdentities.deny(revoked).ifPresent(rbac::add);
    if (!in.protocol().isHttp()) {
      List<Filter> filters = new ArrayList<>();
      rbac.addAll(RbacRules.of(authz, in.port(), problems));
      for (RBAC rules : rbac) {
        var config =
            io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
                .setRules(rules)
                .setStatPrefix(TCP_STAT_PREFIX)
                .build();
        filters.add(Filter.newBuilder().setName(NETWORK_RBAC).setTypedConfig(Any.pack(config))
            .build());
      }
      TcpProxy proxy = TcpProxy.newBuilder().setStatPrefix(cluster).setCluster(cluster).build();
      filters.add(Filter.newBuilder().setName(L4Listeners.TCP_PROXY).setTypedConfig(Any.pack(proxy))
          .build());
      return filters;
    }
    HttpConnectionManager.Builder hcm =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("inbound_" + in.port())
            .setRouteConfig(routes(in.port(), cluster))
            .setForwardClientCertDetails(ForwardClientCertDetails.SANITIZE_SET)
            .setSetCurrentClientCertDetails(SetCurrentClientCertDetails.newBuilder().setUri(true));
    rbac.addAll(RbacRules.of(authz, 0, problems));
    for (RBAC rules : rbac) {
      var config =
          io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder()
              .setRules(rules)
              .build();
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(HTTP_RBAC).setTypedConfig(Any.pack(config)));
    }
    hcm.addHttpFilters(
        HttpFilter.newBuilder()
            .setName(HttpConnectionManagers.ROUTER_NAME)
            .setTypedConfig(Any.pack(Router.getDefaultInstance())));
    return List.of(
        Filter.newBuilder()
            .setName(HttpConnectionManagers.FILTER_NAME)
            .setTypedConfig(Any.pack(hcm.build()))
            .build());
  }

  private static RouteConfiguration routes(int port, String cluster) {
    return RouteConfiguration.newBuilder()
        .setName("inbound|" + port)
        .addVirtualHosts(
            VirtualHost.newBuilder()
                .setName("inbound")
                .addDomains("*")
                .addRoutes(
                    Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(
                            RouteAction.newBuilder()
                                .setCluster(cluster)
                                .setTimeout(Durations.fromSeconds(0)))))
        .build();
  }

  private InboundFilters() {}
}
