package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import com.google.protobuf.BoolValue;
import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerCapture;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenerConverterTest {

  /** The listener pilot sends (docs/xds.md), with {@code %s} for the filter chain's extras. */
  private static final String PILOT_LISTENER = """
      name: 127.0.0.1_18080
      address: {socket_address: {address: 127.0.0.1, port_value: 18080}}
      filter_chains:
      - filters:
        - name: envoy.filters.network.http_connection_manager
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
            stat_prefix: outbound_18080
            rds:
              route_config_name: "18080"
              config_source: {ads: {}, resource_api_version: V3}
            http_filters:
            - name: envoy.filters.http.router
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
      """;

  @Test
  void convertsWhatPilotSends() throws Exception {
    ListenerResource listener = ListenerConverter.convert(listener(PILOT_LISTENER));

    assertThat(listener).isEqualTo(new ListenerResource(
        "127.0.0.1_18080",
        new ListenerConfig("127.0.0.1_18080", "127.0.0.1", 18080, "18080", "outbound_18080"),
        null,
        List.of()));
    assertThat(listener.rdsName()).isEqualTo("18080");
  }

  @Test
  void convertsAnInlineRouteConfig() throws Exception {
    ListenerResource listener = ListenerConverter.convert(listener("""
        name: l
        address: {socket_address: {address: "::1", port_value: 80}}
        filter_chains:
        - filters:
          - name: hcm
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
              stat_prefix: in
              route_config:
                name: local
                virtual_hosts:
                - {name: all, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: c}}]}
              http_filters:
              - name: envoy.filters.http.router
        """));

    RouteConfig routes = new RouteConfig("inline:l", List.of(new VirtualHostConfig(
        "all", List.of("*"), List.of(new RouteEntry(RouteEntry.PathMatch.prefix("/"), "c")))));
    assertThat(listener).isEqualTo(new ListenerResource(
        "l", new ListenerConfig("l", "::1", 80, "inline:l", "in"), routes, List.of()));
    assertThat(listener.rdsName()).isNull();
  }

  @Test
  void readsTheCodecType() throws Exception {
    for (HttpCodec codec : HttpCodec.values()) {
      String yaml = PILOT_LISTENER.replace(
          "stat_prefix: outbound_18080", "stat_prefix: outbound_18080\n      codec_type: " + codec);
      assertThat(ListenerConverter.convert(listener(yaml)).config()).isEqualTo(ListenerConfig.http(
          "127.0.0.1_18080", "127.0.0.1", 18080, "18080", "outbound_18080", codec));
    }
  }

  @Test
  void skipsOptionalHttpFilters() throws Exception {
    Listener listener = withHttpFilterFirst(HttpFilter.newBuilder()
        .setName("envoy.filters.http.ext_authz")
        .setIsOptional(true)
        .setTypedConfig(Any.pack(ExtAuthz.getDefaultInstance())));

    assertThat(ListenerConverter.convert(listener).skippedHttpFilters())
        .containsExactly("envoy.filters.http.ext_authz");
  }

  @Test
  void readsTransparentAndTheOriginalDestinationAsIstioWritesThemForTproxy() throws Exception {
    String tproxy = PILOT_LISTENER.replace(
        "address: {socket_address: {address: 127.0.0.1, port_value: 18080}}",
        "address: {socket_address: {address: 127.0.0.1, port_value: 18080}}\n"
            + "transparent: true\nuse_original_dst: true\nlistener_filters:\n"
            + "- name: envoy.filters.listener.original_dst\n"
            + "  typed_config: {\"@type\": type.googleapis.com/"
            + "envoy.extensions.filters.listener.original_dst.v3.OriginalDst}");

    ListenerConfig config = ListenerConverter.convert(listener(tproxy)).config();

    assertThat(config).isNotNull();
    assertThat(config.capture()).isEqualTo(new ListenerCapture(true, true, true));
  }

  @Test
  void convertsTheVirtualOutboundListenerPilotWritesForTproxy() throws Exception {
    ListenerConfig config = ListenerConverter.convert(listener("""
        name: virtualOutbound
        address: {socket_address: {address: 0.0.0.0, port_value: 15001}}
        transparent: true
        use_original_dst: true
        traffic_direction: OUTBOUND
        listener_filters:
        - name: envoy.filters.listener.original_dst
          typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst}
        filter_chains:
        - name: virtualOutbound-catchall-tcp
          filters:
          - name: envoy.filters.network.tcp_proxy
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
              stat_prefix: PassthroughCluster
              cluster: PassthroughCluster
        """)).config();

    assertThat(config).isNotNull();
    assertThat(config.capture()).isEqualTo(new ListenerCapture(true, true, true));
    assertThat(config.isTcp()).isTrue();
    assertThat(config.tcpChains().get(0).tcpProxy().clusters().get(0).name())
        .isEqualTo("PassthroughCluster");
  }

  @Test
  void useOriginalDstImpliesTheOriginalDstFilterAndTheFilterAloneIsNotTransparent()
      throws Exception {
    Listener use = listener(PILOT_LISTENER).toBuilder()
        .setUseOriginalDst(BoolValue.of(true)).build();
    Listener filter = listener(PILOT_LISTENER.replace(
        "address: {socket_address: {address: 127.0.0.1, port_value: 18080}}",
        "address: {socket_address: {address: 127.0.0.1, port_value: 18080}}\n"
            + "listener_filters: [{name: envoy.filters.listener.original_dst}]"));
    Listener off = listener(PILOT_LISTENER).toBuilder()
        .setTransparent(BoolValue.of(false)).build();

    assertThat(ListenerConverter.convert(use).config().capture())
        .isEqualTo(new ListenerCapture(false, true, true));
    assertThat(ListenerConverter.convert(filter).config().capture())
        .isEqualTo(new ListenerCapture(false, true, false));
    assertThat(ListenerConverter.convert(off).config().capture()).isEqualTo(ListenerCapture.NONE);
  }

  @Test
  void acceptsApiListenersWithoutBindingThem() throws Exception {
    ListenerResource listener = ListenerConverter.convert(listener("""
        name: orders.shop.mesh:8080
        api_listener:
          api_listener:
            "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
            rds: {route_config_name: "8080", config_source: {ads: {}}}
        """));

    assertThat(listener).isEqualTo(ListenerResource.apiListener("orders.shop.mesh:8080"));
    assertThat(listener.config()).isNull();
    assertThat(listener.rdsName()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      listener filter    | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}' \
        | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}\nlistener_filters: [{name: http_inspector}]' \
        | 'listener_filters[0]: ''http_inspector'' is not supported (supported: envoy.filters.listener.tls_inspector, envoy.filters.listener.original_dst)'
      original_dst twice | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}' \
        | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}\nlistener_filters: [{name: envoy.filters.listener.original_dst}, {name: envoy.filters.listener.original_dst}]' \
        | 'listener_filters[1]: a second envoy.filters.listener.original_dst (expected: one)'
      TLS inspector      | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}' \
        | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}\nlistener_filters: [{name: envoy.filters.listener.tls_inspector}]' \
        | 'listener_filters: envoy.filters.listener.tls_inspector is only supported with tcp_proxy filter chains or a TLS chain'
      listener option    | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}' \
        | 'address: {socket_address: {address: 127.0.0.1, port_value: 18080}}\nper_connection_buffer_limit_bytes: 1024' \
        | 'per_connection_buffer_limit_bytes: not supported (supported: name, address, filter_chains, listener_filters, metadata, traffic_direction, transparent, use_original_dst)'
      host name          | 'address: 127.0.0.1' | 'address: localhost' \
        | 'address.socket_address.address: ''localhost'' (expected: an IP literal)'
      UDP                | 'address: 127.0.0.1' | 'address: 127.0.0.1, protocol: UDP' \
        | 'address.socket_address.protocol: UDP is not supported (supported: TCP)'
      filter chain match | '- filters:' | '- filter_chain_match: {destination_port: 80}\n  filters:' \
        | 'filter_chains[0].filter_chain_match.destination_port: not supported (supported: transport_protocol)'
      TLS                | '- filters:' | '- transport_socket: {name: tls}\n  filters:' \
        | 'filter_chains[0].transport_socket.typed_config: missing (expected: an envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext or envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer)'
      non-ADS RDS        | '{ads: {}, resource_api_version: V3}' | '{path_config_source: {path: /r.yaml}}' \
        | 'filter_chains[0].filters[0].typed_config.rds.config_source.path_config_source: not supported (supported: ads, resource_api_version)'
      no stat prefix     | 'stat_prefix: outbound_18080' | 'codec_type: AUTO' \
        | 'filter_chains[0].filters[0].typed_config.stat_prefix: missing (expected: a non-empty prefix)'
      HTTP/3 codec       | 'stat_prefix: outbound_18080' | 'stat_prefix: s\n      codec_type: HTTP3' \
        | 'filter_chains[0].filters[0].typed_config.codec_type: HTTP3 is not supported (supported: AUTO, HTTP1, HTTP2)'
      HCM option         | 'stat_prefix: outbound_18080' | 'stat_prefix: s\n      use_remote_address: true' \
        | 'filter_chains[0].filters[0].typed_config.use_remote_address: not supported (supported: codec_type, stat_prefix, rds, route_config, http_filters, forward_client_cert_details, set_current_client_cert_details)'
      router option      | 'Router}' | 'Router, suppress_envoy_headers: true}' \
        | 'filter_chains[0].filters[0].typed_config.http_filters[0].typed_config.suppress_envoy_headers: not supported (supported: none)'
      """)
  void rejectsWhatTheDataPlaneCannotDo(String shape, String from, String to, String error) {
    String yaml = PILOT_LISTENER.replace(from, to.replace("\\n", "\n      "));
    assertThat(yaml).as("the test's replacement applies").isNotEqualTo(PILOT_LISTENER);

    assertThatThrownBy(() -> ListenerConverter.convert(listener(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Listener 127.0.0.1_18080: " + error);
  }

  @Test
  void rejectsAnHttpFilterThatIsNotOptional() {
    Listener listener = withHttpFilterFirst(HttpFilter.newBuilder()
        .setName("envoy.filters.http.ext_authz")
        .setTypedConfig(Any.pack(ExtAuthz.getDefaultInstance())));

    assertThatThrownBy(() -> ListenerConverter.convert(listener))
        .hasMessage("Listener 127.0.0.1_18080: filter_chains[0].filters[0].typed_config"
            + ".http_filters[0]: 'envoy.filters.http.ext_authz' "
            + "(type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz) is not "
            + "supported (supported: envoy.filters.http.fault (HTTPFault), "
            + "envoy.filters.http.cors (Cors), envoy.filters.http.local_ratelimit "
            + "(LocalRateLimit), envoy.filters.http.rbac (RBAC), envoy.filters.http.router; mark "
            + "other filters is_optional to skip them)");
  }

  @Test
  void acceptsFaultAndLocalRateLimitBeforeTheRouterInOrder() throws Exception {
    Listener listener = withHcm(hcm -> hcm
        .addHttpFilters(0, HttpFilter.newBuilder()
            .setName("envoy.filters.http.local_ratelimit")
            .setTypedConfig(Any.pack(LocalRateLimit.newBuilder().setStatPrefix("rl").build())))
        .addHttpFilters(0, HttpFilter.newBuilder()
            .setName("envoy.filters.http.cors")
            .setTypedConfig(Any.pack(Cors.getDefaultInstance())))
        .addHttpFilters(0, HttpFilter.newBuilder()
            .setName("envoy.filters.http.fault")
            .setTypedConfig(Any.pack(HTTPFault.getDefaultInstance()))));

    assertThat(ListenerConverter.convert(listener).config().httpFilters())
        .containsExactly(
            io.meshbridge.proxy.config.HttpFilter.FAULT,
            io.meshbridge.proxy.config.HttpFilter.CORS,
            io.meshbridge.proxy.config.HttpFilter.LOCAL_RATE_LIMIT);
  }

  @Test
  void rejectsFilterLevelFaultConfigAndDuplicates() {
    Listener withDefaults = withHttpFilterFirst(HttpFilter.newBuilder()
        .setName("envoy.filters.http.fault")
        .setTypedConfig(Any.pack(HTTPFault.newBuilder().setUpstreamCluster("c").build())));
    assertThatThrownBy(() -> ListenerConverter.convert(withDefaults))
        .hasMessage("Listener 127.0.0.1_18080: filter_chains[0].filters[0].typed_config"
            + ".http_filters[0].typed_config.upstream_cluster: not supported (supported: none)");
    Listener twice = withHcm(hcm -> hcm
        .addHttpFilters(0, HttpFilter.newBuilder().setName("envoy.filters.http.fault"))
        .addHttpFilters(0, HttpFilter.newBuilder().setName("envoy.filters.http.fault")));
    assertThatThrownBy(() -> ListenerConverter.convert(twice))
        .hasMessage("Listener 127.0.0.1_18080: filter_chains[0].filters[0].typed_config"
            + ".http_filters[1]: 'envoy.filters.http.fault' is already in the chain");
  }

  @Test
  void rejectsARouterThatIsNotLastAndAListWithoutRouter() {
    Listener notLast = withHcm(hcm -> hcm.addHttpFilters(
        HttpFilter.newBuilder().setName("envoy.filters.http.cors").setIsOptional(true)));
    assertThatThrownBy(() -> ListenerConverter.convert(notLast))
        .hasMessage("Listener 127.0.0.1_18080: filter_chains[0].filters[0].typed_config"
            + ".http_filters[0]: envoy.filters.http.router must be the last filter");

    Listener noRouter = withHcm(hcm -> hcm.setHttpFilters(
        0, HttpFilter.newBuilder().setName("envoy.filters.http.buffer")));
    assertThatThrownBy(() -> ListenerConverter.convert(noRouter))
        .hasMessage("Listener 127.0.0.1_18080: filter_chains[0].filters[0].typed_config"
            + ".http_filters[0]: 'envoy.filters.http.buffer' (expected: envoy.filters.http.router "
            + "last)");

    Listener noFilters = withHcm(HttpConnectionManager.Builder::clearHttpFilters);
    assertThatThrownBy(() -> ListenerConverter.convert(noFilters))
        .hasMessage("Listener 127.0.0.1_18080: filter_chains[0].filters[0].typed_config"
            + ".http_filters: missing (expected: filters ending with envoy.filters.http.router)");
  }

  @Test
  void rejectsAnotherNetworkFilter() {
    Listener listener = listener("""
        name: tcp
        address: {socket_address: {address: 0.0.0.0, port_value: 9000}}
        filter_chains:
        - filters:
          - name: envoy.filters.network.echo
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.echo.v3.Echo
        """);

    assertThatThrownBy(() -> ListenerConverter.convert(listener))
        .hasMessage("Listener tcp: filter_chains[0].filters[0].typed_config: "
            + "'type.googleapis.com/envoy.extensions.filters.network.echo.v3.Echo' "
            + "(expected: an envoy.extensions.filters.network.http_connection_manager.v3."
            + "HttpConnectionManager)");
  }

  @Test
  void rejectsTwoFilterChainsAndAMissingAddress() {
    Listener twoChains = listener(PILOT_LISTENER).toBuilder()
        .addFilterChains(listener(PILOT_LISTENER).getFilterChains(0))
        .build();
    assertThatThrownBy(() -> ListenerConverter.convert(twoChains))
        .hasMessage(
            "Listener 127.0.0.1_18080: filter_chains[0].filter_chain_match.transport_protocol:"
                + " missing (expected: \"tls\" or \"raw_buffer\")");

    Listener noAddress = listener(PILOT_LISTENER).toBuilder().clearAddress().build();
    assertThatThrownBy(() -> ListenerConverter.convert(noAddress))
        .hasMessage("Listener 127.0.0.1_18080: address: missing (expected: a socket_address)");
  }

  @Test
  void rejectsAnUnsupportedMatchInAnInlineRouteConfig() {
    Listener listener = listener("""
        name: l
        address: {socket_address: {address: 0.0.0.0, port_value: 80}}
        filter_chains:
        - filters:
          - name: hcm
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
              stat_prefix: in
              route_config:
                virtual_hosts:
                - {name: all, domains: ["*"], routes: [{match: {prefix: /, grpc: {}}, route: {cluster: c}}]}
              http_filters: [{name: envoy.filters.http.router}]
        """);

    assertThatThrownBy(() -> ListenerConverter.convert(listener))
        .hasMessage("Listener l: filter_chains[0].filters[0].typed_config.route_config"
            + ".virtual_hosts[0].routes[0].match.grpc: not supported "
            + "(supported: prefix, path, safe_regex, case_sensitive, headers, query_parameters)");
  }

  private static Listener withHttpFilterFirst(HttpFilter.Builder filter) {
    return withHcm(hcm -> hcm.addHttpFilters(0, filter));
  }

  private static Listener withHcm(UnaryOperator<HttpConnectionManager.Builder> change) {
    Listener listener = listener(PILOT_LISTENER);
    Filter filter = listener.getFilterChains(0).getFilters(0);
    HttpConnectionManager hcm;
    try {
      hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    Filter changed = filter.toBuilder()
        .setTypedConfig(Any.pack(change.apply(hcm.toBuilder()).build()))
        .build();
    return listener.toBuilder()
        .setFilterChains(0, listener.getFilterChains(0).toBuilder().setFilters(0, changed))
        .build();
  }

  private static Listener listener(String yaml) {
    return YamlProtos.parse(yaml, Listener.getDefaultInstance());
  }
}
