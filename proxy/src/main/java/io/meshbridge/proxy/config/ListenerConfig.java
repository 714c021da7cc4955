package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import java.util.List;

/**
 * A listener: where to accept connections and what to do with them. An HTTP listener routes each
 * request with a route table; a TCP listener ({@link #isTcp}) relays bytes through one of its
 * {@link TcpChain}s, chosen by the TLS server name when {@code tlsInspector} is set.
 *
 * @param name the xDS listener name
 * @param host the IP literal to bind
 * @param port the port to bind
 * @param routeConfigName the RDS route table this listener routes with ({@code ""} for TCP)
 * @param statPrefix prefix for this listener's stats (HttpConnectionManager's {@code stat_prefix},
 *     or the first chain's tcp_proxy {@code stat_prefix})
 * @param tlsInspector whether the ClientHello is read to pick a chain by SNI
 *     ({@code envoy.filters.listener.tls_inspector})
 * @param tcpChains the tcp_proxy filter chains; empty for an HTTP listener
 * @param codec the HTTP versions an HTTP listener speaks
 * @param httpFilters the HTTP filters before the router, in order; empty for TCP
 * @param rbacFilters the HTTP RBAC filters ({@code envoy.filters.http.rbac}), in order; they run
 *     before the other {@code httpFilters}; empty for TCP (network RBAC is per {@link TcpChain})
 * @param transport plaintext, TLS, or both (PERMISSIVE) for an HTTP listener; a TCP listener's
 *     TLS is per {@link TcpChain#tls}
 * @param capture whether the listener takes transparently captured connections (TPROXY) and reads
 *     their original destination
 */
public record ListenerConfig(
    String name,
    String host,
    int port,
    String routeConfigName,
    String statPrefix,
    boolean tlsInspector,
    List<TcpChain> tcpChains,
    HttpCodec codec,
    List<HttpFilter> httpFilters,
    List<RbacFilterConfig> rbacFilters,
    DownstreamTransport transport,
    ListenerCapture capture) {

  /** A listener that takes only connections to its own address. */
  public ListenerConfig(
      String name,
      String host,
      int port,
      String routeConfigName,
      String statPrefix,
      boolean tlsInspector,
      List<TcpChain> tcpChains,
      HttpCodec codec,
      List<HttpFilter> httpFilters,
      List<RbacFilterConfig> rbacFilters,
      DownstreamTransport transport) {
    this(name, host, port, routeConfigName, statPrefix, tlsInspector, tcpChains, codec,
        httpFilters, rbacFilters, transport, ListenerCapture.NONE);
  }

  /** A plaintext listener. */
  public ListenerConfig(
      String name,
      String host,
      int port,
      String routeConfigName,
      String statPrefix,
      boolean tlsInspector,
      List<TcpChain> tcpChains,
      HttpCodec codec,
      List<HttpFilter> httpFilters) {
    this(name, host, port, routeConfigName, statPrefix, tlsInspector, tcpChains, codec,
        httpFilters, List.of(), DownstreamTransport.PLAINTEXT);
  }

  /** A plaintext listener with HTTP RBAC filters. */
  public ListenerConfig(
      String name,
      String host,
      int port,
      String routeConfigName,
      String statPrefix,
      boolean tlsInspector,
      List<TcpChain> tcpChains,
      HttpCodec codec,
      List<HttpFilter> httpFilters,
      List<RbacFilterConfig> rbacFilters) {
    this(name, host, port, routeConfigName, statPrefix, tlsInspector, tcpChains, codec,
        httpFilters, rbacFilters, DownstreamTransport.PLAINTEXT);
  }

  /** A listener without HTTP RBAC filters. */
  public ListenerConfig(
      String name,
      String host,
      int port,
      String routeConfigName,
      String statPrefix,
      boolean tlsInspector,
      List<TcpChain> tcpChains,
      HttpCodec codec,
      List<HttpFilter> httpFilters,
      DownstreamTransport transport) {
    this(name, host, port, routeConfigName, statPrefix, tlsInspector, tcpChains, codec,
        httpFilters, List.of(), transport);
  }

  public ListenerConfig {
    httpFilters = List.copyOf(httpFilters);
    rbacFilters = List.copyOf(rbacFilters);
    tcpChains = List.copyOf(tcpChains);
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(routeConfigName, "routeConfigName");
    requireNonNull(statPrefix, "statPrefix");
    requireNonNull(codec, "codec");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    if (tlsInspector && tcpChains.isEmpty()) {
      throw new IllegalArgumentException("tlsInspector: only for TCP listeners (no tcpChains)");
    }
    requireNonNull(transport, "transport");
    requireNonNull(capture, "capture");
    if (!tcpChains.isEmpty() && transport.tls() != null) {
      throw new IllegalArgumentException("transport: TLS is per chain for TCP listeners (has tcpChains)");
    }
    if (!tcpChains.isEmpty() && !(httpFilters.isEmpty() && rbacFilters.isEmpty())) {
      throw new IllegalArgumentException("httpFilters: only for HTTP listeners (has tcpChains)");
    }
  }

  /** This listener with {@code rbac} as its HTTP RBAC filters. */
  public ListenerConfig withRbacFilters(List<RbacFilterConfig> rbac) {
    return new ListenerConfig(
        name, host, port, routeConfigName, statPrefix, tlsInspector, tcpChains, codec,
        httpFilters, rbac, transport, capture);
  }

  /** This listener with {@code capture} instead of its own. */
  public ListenerConfig withCapture(ListenerCapture capture) {
    return new ListenerConfig(name, host, port, routeConfigName, statPrefix, tlsInspector,
        tcpChains, codec, httpFilters, rbacFilters, transport, capture);
  }

  /** An HTTP listener with codec {@link HttpCodec#AUTO} whose only HTTP filter is the router. */
  public ListenerConfig(
      String name, String host, int port, String routeConfigName, String statPrefix) {
    this(name, host, port, routeConfigName, statPrefix, List.of());
  }

  /** An HTTP listener with codec {@link HttpCodec#AUTO} and {@code httpFilters}. */
  public ListenerConfig(
      String name,
      String host,
      int port,
      String routeConfigName,
      String statPrefix,
      List<HttpFilter> httpFilters) {
    this(
        name, host, port, routeConfigName, statPrefix, false, List.of(), HttpCodec.AUTO,
        httpFilters, List.of());
  }

  /** An HTTP listener whose only HTTP filter is the router. */
  public static ListenerConfig http(
      String name, String host, int port, String routeConfigName, String statPrefix,
      HttpCodec codec) {
    return http(name, host, port, routeConfigName, statPrefix, codec, List.of());
  }

  /** An HTTP listener. */
  public static ListenerConfig http(
      String name,
      String host,
      int port,
      String routeConfigName,
      String statPrefix,
      HttpCodec codec,
      List<HttpFilter> httpFilters) {
    return new ListenerConfig(
        name, host, port, routeConfigName, statPrefix, false, List.of(), codec, httpFilters,
        List.of());
  }

  /** A TCP proxy listener; its stats are labelled with the first chain's stat prefix. */
  public static ListenerConfig tcp(
      String name, String host, int port, boolean tlsInspector, List<TcpChain> chains) {
    if (chains.isEmpty()) {
      throw new IllegalArgumentException("chains: empty (expected: at least one)");
    }
    return new ListenerConfig(
        name, host, port, "", chains.get(0).tcpProxy().statPrefix(), tlsInspector, chains,
        HttpCodec.AUTO, List.of(), List.of());
  }

  /** This listener with {@code transport} instead of its own. */
  public ListenerConfig withTransport(DownstreamTransport transport) {
    return new ListenerConfig(name, host, port, routeConfigName, statPrefix, tlsInspector,
        tcpChains, codec, httpFilters, rbacFilters, transport, capture);
  }

  /** Every TLS termination this listener uses: its HTTP transport's, or its TCP chains'. */
  public List<DownstreamTlsConfig> downstreamTls() {
    java.util.Set<DownstreamTlsConfig> all = new java.util.LinkedHashSet<>();
    if (transport.tls() != null) {
      all.add(transport.tls());
    }
    for (TcpChain chain : tcpChains) {
      if (chain.tls() != null) {
        all.add(chain.tls());
      }
    }
    return List.copyOf(all);
  }

  /** Whether this listener relays bytes (tcp_proxy) rather than HTTP requests. */
  public boolean isTcp() {
    return !tcpChains.isEmpty();
  }
}
