package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.config.TcpProxyConfig.WeightedCluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpListenerConverterTest {

  /** What pilot writes for a VS {@code tcp[]} route (docs/xds.md). */
  private static final String TCP_LISTENER = """
      name: 127.0.0.1_9000
      address: {socket_address: {address: 127.0.0.1, port_value: 9000}}
      filter_chains:
      - filters:
        - name: envoy.filters.network.tcp_proxy
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
            stat_prefix: outbound_9000
            weighted_clusters:
              clusters: [{name: a, weight: 90}, {name: b, weight: 10}]
      """;

  /** What pilot writes for a VS {@code tls[]} route: one chain per SNI match. */
  private static final String TLS_LISTENER = """
      name: 127.0.0.1_9443
      address: {socket_address: {address: 127.0.0.1, port_value: 9443}}
      listener_filters:
      - name: envoy.filters.listener.tls_inspector
        typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector}
      filter_chains:
      - filter_chain_match: {server_names: [a.example.com, "*.A.example.org"]}
        filters:
        - name: envoy.filters.network.tcp_proxy
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
            stat_prefix: tls_a
            cluster: a
      - filter_chain_match: {server_names: [b.example.com]}
        filters:
        - name: envoy.filters.network.tcp_proxy
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
            stat_prefix: tls_b
            cluster: b
      """;

  @Test
  void convertsAWeightedTcpProxy() throws Exception {
    ListenerResource listener = ListenerConverter.convert(listener(TCP_LISTENER));

    TcpProxyConfig proxy = new TcpProxyConfig(
        "outbound_9000", List.of(new WeightedCluster("a", 90), new WeightedCluster("b", 10)));
    assertThat(listener).isEqualTo(new ListenerResource(
        "127.0.0.1_9000",
        ListenerConfig.tcp("127.0.0.1_9000", "127.0.0.1", 9000, false,
            List.of(TcpChain.any(proxy))),
        null,
        List.of()));
    assertThat(listener.rdsName()).as("a TCP listener needs no RDS").isNull();
    assertThat(listener.config().statPrefix()).isEqualTo("outbound_9000");
  }

  @Test
  void convertsChainsBySni() throws Exception {
    ListenerResource listener = ListenerConverter.convert(listener(TLS_LISTENER));

    assertThat(listener.config()).isEqualTo(ListenerConfig.tcp(
        "127.0.0.1_9443", "127.0.0.1", 9443, true,
        List.of(
            new TcpChain(List.of("a.example.com", "*.a.example.org"),
                TcpProxyConfig.single("tls_a", "a")),
            new TcpChain(List.of("b.example.com"), TcpProxyConfig.single("tls_b", "b")))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      tcp_proxy option   | 'stat_prefix: outbound_9000' | 'stat_prefix: s\\n      idle_timeout: 1s' \
        | 'filter_chains[0].filters[0].typed_config.idle_timeout: not supported (supported: stat_prefix, cluster, weighted_clusters)'
      no stat prefix     | 'stat_prefix: outbound_9000' | 'max_connect_attempts: null' \
        | 'filter_chains[0].filters[0].typed_config.stat_prefix: missing (expected: a non-empty prefix)'
      no cluster         | 'weighted_clusters:\\n        clusters: [{name: a, weight: 90}, {name: b, weight: 10}]' | 'access_log: []' \
        | 'filter_chains[0].filters[0].typed_config.cluster_specifier: missing (expected: cluster or weighted_clusters)'
      weights all zero   | 'weight: 90}, {name: b, weight: 10}' | 'weight: 0}, {name: b, weight: 0}' \
        | 'filter_chains[0].filters[0].typed_config.weighted_clusters.clusters: every weight is 0 (expected: at least one above 0)'
      nameless cluster   | '{name: b, weight: 10}' | '{weight: 10}' \
        | 'filter_chains[0].filters[0].typed_config.weighted_clusters.clusters[1].name: empty (expected: a cluster name)'
      metadata match     | '{name: b, weight: 10}' | '{name: b, weight: 10, metadata_match: {}}' \
        | 'filter_chains[0].filters[0].typed_config.weighted_clusters.clusters[1].metadata_match: not supported (supported: name, weight)'
      SNI without inspector | '- filters:' | '- filter_chain_match: {server_names: [a]}\\n  filters:' \
        | 'filter_chains[0].filter_chain_match.server_names: needs the envoy.filters.listener.tls_inspector listener filter'
      other chain match  | '- filters:' | '- filter_chain_match: {destination_port: 9000}\\n  filters:' \
        | 'filter_chains[0].filter_chain_match.destination_port: not supported (supported: server_names, transport_protocol)'
      second filter      | 'weight: 10}]' | 'weight: 10}]\\n  - name: envoy.filters.network.echo' \
        | 'filter_chains[0].filters[1]: ''envoy.filters.network.echo'' after the tcp_proxy (expected: the envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy last)'
      """)
  void rejectsWhatTheRelayCannotDo(String shape, String from, String to, String error) {
    assertRejected(TCP_LISTENER, from, to, "Listener 127.0.0.1_9000: " + error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      duplicate name     | '[b.example.com]' | '[A.example.com]' \
        | 'filter_chains[1].filter_chain_match: server name ''a.example.com'' is matched by filter_chains[0] too (expected: each match in one chain)'
      bad wildcard       | '[b.example.com]' | '["b.*.com"]' \
        | 'filter_chains[1].filter_chain_match.server_names[0]: ''b.*.com'' (expected: a host name, or *. followed by a domain suffix)'
      inspector option   | 'TlsInspector}' | 'TlsInspector, enable_ja3_fingerprinting: true}' \
        | 'listener_filters[0].typed_config.enable_ja3_fingerprinting: not supported (supported: none)'
      other filter       | 'tcp_proxy.v3.TcpProxy\\n      stat_prefix: tls_b\\n      cluster: b' | 'echo.v3.Echo' \
        | 'filter_chains[1].filters[0].typed_config: ''type.googleapis.com/envoy.extensions.filters.network.echo.v3.Echo'' (expected: an envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, as in filter_chains[0])'
      """)
  void rejectsBadSniChains(String shape, String from, String to, String error) {
    assertRejected(TLS_LISTENER, from, to, "Listener 127.0.0.1_9443: " + error);
  }

  /** {@code base} with {@code from} replaced ({@code \\n} = line break) fails with {@code error}. */
  private static void assertRejected(String base, String from, String to, String error) {
    String yaml = base.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertThat(yaml).as("the test's replacement applies").isNotEqualTo(base);

    assertThatThrownBy(() -> ListenerConverter.convert(listener(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage(error);
  }

  @Test
  void rejectsTwoChainsWithoutServerNames() {
    String yaml =
        TLS_LISTENER.replaceAll("filter_chain_match: \\{server_names: .*}", "filter_chain_match: {}");

    assertThatThrownBy(() -> ListenerConverter.convert(listener(yaml)))
        .hasMessage("Listener 127.0.0.1_9443: filter_chains[1].filter_chain_match: no"
            + " server_names is matched by filter_chains[0] too (expected: each match in one"
            + " chain)");
  }

  @Test
  void rejectsSeveralChainsWithoutTheInspector() {
    String yaml = TLS_LISTENER.replaceAll("(?s)listener_filters:.*?TlsInspector}\n", "");

    assertThatThrownBy(() -> ListenerConverter.convert(listener(yaml)))
        .hasMessage("Listener 127.0.0.1_9443: filter_chains: 2 filter chains (expected: 1, or"
            + " several told apart by server_names with the envoy.filters.listener.tls_inspector"
            + " listener filter)");
  }

  private static Listener listener(String yaml) {
    return YamlProtos.parse(yaml, Listener.getDefaultInstance());
  }
}
