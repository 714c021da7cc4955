package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.DownstreamTransport;
import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A listener's {@code HttpConnectionManager} → {@link ListenerResource}: routes from {@code rds}
 * (over ADS) or an inline {@code route_config}, and {@code http_filters} that end with the router.
 * Any other HTTP filter is rejected unless {@code is_optional}, in which case it is skipped.
 */
final class HttpConnectionManagerConverter {

  static final String ROUTER_NAME = "envoy.filters.http.router";
  private static final String ROUTER = Router.getDescriptor().getFullName();

  /** Inline route tables are stored under this prefix plus the listener name. */
  static final String INLINE_ROUTE_PREFIX = "inline:";

  private HttpConnectionManagerConverter() {}

  static ListenerResource convert(
      String listenerName, HostPort address, HttpConnectionManager hcm, FieldChecker check,
      String path) throws InvalidResourceException {
    check.onlySupported(
        hcm, path, "codec_type", "stat_prefix", "rds", "route_config", "http_filters",
        "forward_client_cert_details", "set_current_client_cert_details");
    boolean xfccUri = ClientCertDetails.forwardUri(hcm, check, path);
    HttpCodec codec =
        switch (hcm.getCodecType()) {
          case AUTO -> HttpCodec.AUTO;
          case HTTP1 -> HttpCodec.HTTP1;
          case HTTP2 -> HttpCodec.HTTP2;
          default ->
              throw check.invalid(
                  join(path, "codec_type"),
                  hcm.getCodecType() + " is not supported (supported: AUTO, HTTP1, HTTP2)");
        };
    if (hcm.getStatPrefix().isEmpty()) {
      throw check.invalid(join(path, "stat_prefix"), "missing (expected: a non-empty prefix)");
    }
    List<String> skipped = new ArrayList<>();
    List<RbacFilterConfig> rbac = new ArrayList<>();
    List<io.meshbridge.proxy.config.HttpFilter> filters =
        httpFilters(hcm, skipped, rbac, check, join(path, "http_filters"));
    String routeName;
    @Nullable RouteConfig inline = null;
    switch (hcm.getRouteSpecifierCase()) {
      case RDS:
        routeName = rdsName(hcm.getRds(), check, join(path, "rds"));
        break;
      case ROUTE_CONFIG:
        routeName = INLINE_ROUTE_PREFIX + listenerName;
        inline = RouteConverter.convert(
            hcm.getRouteConfig(), routeName, check, join(path, "route_config"));
        break;
      default:
        throw check.invalid(
            join(path, "route_specifier"), "missing (expected: rds or route_config)");
    }
    ListenerConfig config = ListenerConfig.http(
        listenerName, address.host(), address.port(), routeName, hcm.getStatPrefix(), codec,
        filters).withRbacFilters(rbac);
    if (xfccUri) {
      config = config.withTransport(new DownstreamTransport(null, true, true));
    }
    return new ListenerResource(listenerName, config, inline, skipped);
  }

  private static String rdsName(Rds rds, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(rds, path, "config_source", "route_config_name");
    ConfigSources.requireAds(
        rds.getConfigSource(), rds.hasConfigSource(), false, check, join(path, "config_source"));
    if (rds.getRouteConfigName().isEmpty()) {
      throw check.invalid(join(path, "route_config_name"), "missing (expected: a route name)");
    }
    return rds.getRouteConfigName();
  }

  /**
   * Checks the filter list: returns the filters this proxy runs before the router, in order, adds
   * the RBAC filters to {@code rbac} (they must come before the others) and the names of the
   * optional filters it skips to {@code skipped}.
   */
  private static List<io.meshbridge.proxy.config.HttpFilter> httpFilters(
      HttpConnectionManager hcm, List<String> skipped, List<RbacFilterConfig> rbac,
      FieldChecker check, String path)
      throws InvalidResourceException {
    int count = hcm.getHttpFiltersCount();
    if (count == 0) {
      throw check.invalid(path, "missing (expected: filters ending with " + ROUTER_NAME + ")");
    }
    List<io.meshbridge.proxy.config.HttpFilter> filters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpFilter filter = hcm.getHttpFilters(i);
      String at = at(path, i);
      check.onlySupported(filter, at, "name", "typed_config", "is_optional");
      boolean last = i == count - 1;
      io.meshbridge.proxy.config.HttpFilter known = HttpFilterConverter.known(filter);
      if (isRouter(filter)) {
        if (!last) {
          throw check.invalid(at, ROUTER_NAME + " must be the last filter");
        }
        if (filter.hasTypedConfig()) {
          Router router = ListenerConverter.unpack(
              filter.getTypedConfig(), Router.class, check, join(at, "typed_config"));
          check.onlySupported(router, join(at, "typed_config"));
        }
      } else if (last) {
        throw check.invalid(at, "'" + filter.getName() + "' (expected: " + ROUTER_NAME + " last)");
      } else if (RbacFilterConverter.isHttpRbac(filter)) {
        if (!filters.isEmpty()) {
          throw check.invalid(
              at, "'" + filter.getName() + "' after " + filters.get(filters.size() - 1).envoyName()
                  + " is not supported (expected: " + RbacFilterConverter.HTTP_NAME
                  + " filters before the other filters)");
        }
        rbac.add(RbacFilterConverter.http(filter, hcm.getStatPrefix(), check, at));
      } else if (known != null) {
        if (filters.contains(known)) {
          throw check.invalid(at, "'" + filter.getName() + "' is already in the chain");
        }
        HttpFilterConverter.checkListenerLevel(known, filter, check, join(at, "typed_config"));
        filters.add(known);
      } else if (filter.getIsOptional()) {
        skipped.add(filter.getName());
      } else {
        String type =
            filter.hasTypedConfig() ? " (" + filter.getTypedConfig().getTypeUrl() + ")" : "";
        throw check.invalid(
            at, "'" + filter.getName() + "'" + type + " is not supported (supported: "
                + HttpFilterConverter.SUPPORTED + ", " + ROUTER_NAME
                + "; mark other filters is_optional to skip them)");
      }
    }
    return filters;
  }

  private static boolean isRouter(HttpFilter filter) {
    return filter.hasTypedConfig()
        ? ListenerConverter.typeName(filter.getTypedConfig()).equals(ROUTER)
        : filter.getName().equals(ROUTER_NAME);
  }
}
