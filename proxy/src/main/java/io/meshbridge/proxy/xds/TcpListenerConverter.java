package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A listener whose filter chains each end with one {@code tcp_proxy}, optionally after {@code
 * envoy.filters.network.rbac} filters → a TCP {@link ListenerConfig}.
 * Several chains need the TLS inspector and tell themselves apart by {@code
 * filter_chain_match.server_names} (exact or {@code *.suffix}) and {@code transport_protocol}
 * ({@code tls}, {@code raw_buffer}); a chain may terminate TLS with a {@code DownstreamTlsContext}
 * {@code transport_socket} (Istio's inbound chains for TCP ports). Two chains claiming the same
 * server name and transport protocol are rejected, as Envoy.
 */
final class TcpListenerConverter {

  static final String TCP_PROXY = TcpProxy.getDescriptor().getFullName();

  private TcpListenerConverter() {}

  /** Whether {@code chain} has a tcp_proxy filter. */
  static boolean isTcpProxy(FilterChain chain) {
    return chain.getFiltersList().stream().anyMatch(TcpListenerConverter::isTcpProxy);
  }

  private static boolean isTcpProxy(Filter filter) {
    return ListenerConverter.typeName(filter.getTypedConfig()).equals(TCP_PROXY);
  }

  static ListenerResource convert(
      Listener listener, HostPort address, boolean tlsInspector, FieldChecker check)
      throws InvalidResourceException {
    int count = listener.getFilterChainsCount();
    if (count > 1 && !tlsInspector) {
      throw check.invalid(
          "filter_chains",
          count + " filter chains (expected: 1, or several told apart by server_names with the"
              + " envoy.filters.listener.tls_inspector listener filter)");
    }
    List<TcpChain> chains = new ArrayList<>();
    Map<String, String> claimed = new HashMap<>(); // server name ("" = none) -> chain path
    for (int i = 0; i < count; i++) {
      String path = at("filter_chains", i);
      TcpChain chain = chain(listener.getFilterChains(i), tlsInspector, check, path);
      List<String> names = chain.serverNames().isEmpty() ? List.of("") : chain.serverNames();
      String protocol = chain.transportProtocol();
      for (String name : names) {
        String other = claimed.putIfAbsent(name + "|" + protocol, path);
        if (other != null) {
          throw check.invalid(
              join(path, "filter_chain_match"),
              (name.isEmpty() ? "no server_names" : "server name '" + name + "'")
                  + (protocol.isEmpty() ? "" : " with transport_protocol " + protocol)
                  + " is matched by " + other + " too (expected: each match in one chain)");
        }
      }
      chains.add(chain);
    }
    return new ListenerResource(
        listener.getName(),
        ListenerConfig.tcp(
            listener.getName(), address.host(), address.port(), tlsInspector, chains),
        null,
        List.of());
  }

  private static TcpChain chain(
      FilterChain chain, boolean tlsInspector, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        chain, path, "name", "filters", "filter_chain_match", "metadata", "transport_socket");
    List<String> serverNames = serverNames(chain, tlsInspector, check, path);
    @Nullable DownstreamTlsConfig tls = chain.hasTransportSocket()
        ? TransportSockets.downstream(
            chain.getTransportSocket(), check, join(path, "transport_socket"))
        : null;
    String protocol = TransportProtocols.of(chain, tlsInspector, tls != null, check, path);
    int count = chain.getFiltersCount();
    if (count == 0) {
      throw check.invalid(
          join(path, "filters"), "none (expected: " + RbacFilterConverter.NETWORK_NAME
              + " filters, then one " + TCP_PROXY + ")");
    }
    String filterPath = at(join(path, "filters"), count - 1);
    Filter filter = chain.getFilters(count - 1);
    if (!isTcpProxy(filter)) {
      throw isTcpProxy(chain)
          ? check.invalid(
              filterPath,
              "'" + filter.getName() + "' after the tcp_proxy (expected: the " + TCP_PROXY
                  + " last)")
          : check.invalid(
              join(filterPath, "typed_config"),
              "'" + filter.getTypedConfig().getTypeUrl() + "' (expected: an " + TCP_PROXY
                  + ", as in filter_chains[0])");
    }
    List<RbacFilterConfig> rbac = new ArrayList<>();
    for (int i = 0; i < count - 1; i++) {
      Filter f = chain.getFilters(i);
      String at = at(join(path, "filters"), i);
      if (!RbacFilterConverter.isNetworkRbac(f)) {
        throw check.invalid(
            at,
            "'" + f.getName() + "' is not supported (expected: " + RbacFilterConverter.NETWORK_NAME
                + " filters, then one " + TCP_PROXY + ")");
      }
      rbac.add(RbacFilterConverter.network(f, check, at));
    }
    check.onlySupported(filter, filterPath, "name", "typed_config");
    String configPath = join(filterPath, "typed_config");
    TcpProxy proxy =
        ListenerConverter.unpack(filter.getTypedConfig(), TcpProxy.class, check, configPath);
    return new TcpChain(
        serverNames, protocol, tls, TcpProxyConverter.convert(proxy, check, configPath), rbac);
  }

  private static List<String> serverNames(
      FilterChain chain, boolean tlsInspector, FieldChecker check, String path)
      throws InvalidResourceException {
    if (!chain.hasFilterChainMatch()) {
      return List.of();
    }
    String matchPath = join(path, "filter_chain_match");
    FilterChainMatch match = chain.getFilterChainMatch();
    check.onlySupported(match, matchPath, "server_names", "transport_protocol");
    String namesPath = join(matchPath, "server_names");
    if (match.getServerNamesCount() > 0 && !tlsInspector) {
      throw check.invalid(
          namesPath, "needs the envoy.filters.listener.tls_inspector listener filter");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < match.getServerNamesCount(); i++) {
      String name = match.getServerNames(i).toLowerCase(Locale.ROOT);
      String body = name.startsWith("*.") ? name.substring(2) : name;
      if (body.isEmpty() || body.contains("*")) {
        throw check.invalid(
            at(namesPath, i),
            "'" + match.getServerNames(i)
                + "' (expected: a host name, or *. followed by a domain suffix)");
      }
      names.add(name);
    }
    return names;
  }
}
