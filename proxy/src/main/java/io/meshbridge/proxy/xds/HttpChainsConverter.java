package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.DownstreamTransport;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The filter chains of an HTTP listener: one chain (plaintext, or TLS when it has a {@code
 * transport_socket}), or Istio's PERMISSIVE pair: a chain matching {@code transport_protocol:
 * "tls"} with a TLS transport socket and one matching {@code "raw_buffer"} without, told apart by
 * the TLS inspector. Both chains of a pair must hold the same HTTP connection manager.
 */
final class HttpChainsConverter {

  private HttpChainsConverter() {}

  static ListenerResource convert(
      Listener listener, HostPort address, boolean tlsInspector, FieldChecker check)
      throws InvalidResourceException {
    int count = listener.getFilterChainsCount();
    if (count != 1 && count != 2) {
      throw check.invalid("filter_chains", count + " filter chains (expected: 1, or a"
          + " transport_protocol \"tls\" and a \"raw_buffer\" one)");
    }
    @Nullable ListenerResource result = null;
    @Nullable DownstreamTlsConfig tls = null;
    boolean plaintext = false;
    for (int i = 0; i < count; i++) {
      String path = at("filter_chains", i);
      FilterChain chain = listener.getFilterChains(i);
      check.onlySupported(
          chain, path, "name", "filters", "metadata", "filter_chain_match", "transport_socket");
      if (chain.hasFilterChainMatch()) {
        check.onlySupported(chain.getFilterChainMatch(), join(path, "filter_chain_match"),
            "transport_protocol");
      }
      @Nullable DownstreamTlsConfig chainTls = chain.hasTransportSocket()
          ? TransportSockets.downstream(chain.getTransportSocket(), check,
              join(path, "transport_socket"))
          : null;
      String protocolPath = join(path, "filter_chain_match.transport_protocol");
      if (chain.getFilterChainMatch().getTransportProtocol().equals("tls") && chainTls == null) {
        throw check.invalid(protocolPath,
            "\"tls\" without a TLS transport_socket (expected: TLS terminated by this chain)");
      }
      String protocol =
          TransportProtocols.of(chain, tlsInspector, chainTls != null, check, path);
      if (count == 2 && protocol.isEmpty()) {
        throw check.invalid(protocolPath, "missing (expected: \"tls\" or \"raw_buffer\")");
      }
      if (chainTls != null) {
        if (tls != null) {
          throw check.invalid(path, "a second TLS chain (expected: one TLS, one raw_buffer)");
        }
        tls = chainTls;
      } else {
        if (plaintext) {
          throw check.invalid(path, "a second plaintext chain (expected: one TLS, one raw_buffer)");
        }
        plaintext = true;
      }
      ListenerResource converted = http(listener, address, chain, check, path);
      if (result != null && !sameHttp(result, converted)) {
        throw check.invalid(join(path, "filters"),
            "differs from filter_chains[0] (expected: the same http_connection_manager in both)");
      }
      result = converted;
    }
    if (tlsInspector && tls == null) {
      throw check.invalid("listener_filters", "envoy.filters.listener.tls_inspector is only"
          + " supported with tcp_proxy filter chains or a TLS chain");
    }
    ListenerResource http = Objects.requireNonNull(result, "result");
    DownstreamTransport transport = new DownstreamTransport(
        tls, plaintext, http.config().transport().forwardClientCertUri());
    return new ListenerResource(http.name(),
        Objects.requireNonNull(http.config(), "config").withTransport(transport),
        http.inlineRoute(), http.skippedHttpFilters());
  }

  private static boolean sameHttp(ListenerResource a, ListenerResource b) {
    return Objects.equals(a.config(), b.config()) && Objects.equals(a.inlineRoute(), b.inlineRoute());
  }

  private static ListenerResource http(
      Listener listener, HostPort address, FilterChain chain, FieldChecker check, String path)
      throws InvalidResourceException {
    if (chain.getFiltersCount() != 1) {
      throw check.invalid(join(path, "filters"), chain.getFiltersCount()
          + " filters (expected: exactly 1, envoy.filters.network.http_connection_manager)");
    }
    String filterPath = path + ".filters[0]";
    HttpConnectionManager hcm =
        ListenerConverter.httpConnectionManager(chain.getFilters(0), check, filterPath);
    return HttpConnectionManagerConverter.convert(
        listener.getName(), address, hcm, check, join(filterPath, "typed_config"));
  }
}
