package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.xds.MeshTcpResources.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pilot's inbound listeners for TCP ports (docs/xds.md): TLS on tcp_proxy chains, and NACKs. */
class TcpTlsChainsConverterTest {

  private static final String PEER = "spiffe://cluster.local/ns/shop/sa/client";

  private static ListenerConfig convert(Listener listener) throws InvalidResourceException {
    return ListenerConverter.convert(listener).config();
  }

  @Test
  void strictTerminatesMutualTlsOnTheTlsChain() throws Exception {
    ListenerConfig strict = convert(MeshTcpResources.inbound("127.0.0.3", 9000, Mode.STRICT, PEER));

    assertThat(strict.isTcp()).isTrue();
    assertThat(strict.tlsInspector()).isTrue();
    TcpChain chain = strict.tcpChains().get(0);
    assertThat(strict.tcpChains()).hasSize(1);
    assertThat(chain.transportProtocol()).isEqualTo("tls");
    assertThat(chain.tcpProxy()).isEqualTo(TcpProxyConfig.single("inbound|9000||", "inbound|9000||"));
    assertThat(chain.rbac()).hasSize(1);
    DownstreamTlsConfig tls = chain.tls();
    assertThat(tls).isNotNull();
    assertThat(tls.requireClientCertificate()).isTrue();
    assertThat(tls.settings().alpn()).as("TCP ports: no ALPN").isEmpty();
    assertThat(tls.settings().trust())
        .isEqualTo(new TlsSettings.TrustSource.Sds(new SecretRef("ROOTCA", false)));
    assertThat(strict.downstreamTls()).containsExactly(tls);
    assertThat(SecretNames.adsSecrets(
        List.of(ListenerConverter.convert(
            MeshTcpResources.inbound("127.0.0.3", 9000, Mode.STRICT, PEER))), List.of()))
        .as("ROOTCA is subscribed for a TCP listener's TLS chain").containsExactly("ROOTCA");
  }

  @Test
  void permissiveAddsARawBufferChainAndDisableOnePlainChain() throws Exception {
    ListenerConfig permissive =
        convert(MeshTcpResources.inbound("127.0.0.3", 9000, Mode.PERMISSIVE, PEER));
    assertThat(permissive.tcpChains()).extracting(TcpChain::transportProtocol)
        .containsExactly("tls", "raw_buffer");
    TcpChain raw = permissive.tcpChains().get(1);
    assertThat(raw.tls()).isNull();
    assertThat(raw.rbac()).isEqualTo(permissive.tcpChains().get(0).rbac());

    ListenerConfig disable = convert(MeshTcpResources.inbound("127.0.0.3", 9000, Mode.DISABLE, PEER));
    assertThat(disable.tlsInspector()).isFalse();
    assertThat(disable.tcpChains()).singleElement().satisfies(c -> {
      assertThat(c.tls()).isNull();
      assertThat(c.transportProtocol()).isEmpty();
    });
    assertThat(disable.downstreamTls()).isEmpty();
  }

  @Test
  void serverNamesCombineWithTransportProtocol() throws Exception {
    String yaml = permissiveYaml().replace("{transport_protocol: tls}",
        "{transport_protocol: tls, server_names: [db.shop.mesh]}");
    ListenerConfig config = convert(YamlProtos.parse(yaml, Listener.getDefaultInstance()));

    assertThat(config.tcpChains().get(0).serverNames()).containsExactly("db.shop.mesh");
    assertThat(config.tcpChains().get(0).tls()).isNotNull();
  }

  @Test
  void nacksWhatCannotBeHonoured() {
    String yaml = permissiveYaml();
    assertNack(yaml.replace("{transport_protocol: raw_buffer}", "{transport_protocol: tls}"),
        "filter_chains[1].filter_chain_match: no server_names with transport_protocol tls is"
            + " matched by filter_chains[0] too (expected: each match in one chain)");
    assertNack(yaml.replace("{transport_protocol: raw_buffer}", "{transport_protocol: quic}"),
        "filter_chains[1].filter_chain_match.transport_protocol: 'quic' (expected: tls or"
            + " raw_buffer)");
    assertNack(yaml.replace("{transport_protocol: tls}", "{transport_protocol: raw_buffer}"),
        "filter_chains[0].filter_chain_match.transport_protocol: \"raw_buffer\" with a TLS"
            + " transport_socket");
    assertNack(yaml.replaceAll("listener_filters: .*\n", ""),
        "filter_chains: 2 filter chains (expected: 1, or several told apart by server_names"
            + " with the envoy.filters.listener.tls_inspector listener filter)");
    assertNack(yaml.replace("require_client_certificate: true", "require_client_certificate: true\n"
            + "      session_timeout: 1s"),
        "filter_chains[0].transport_socket.typed_config.session_timeout: not supported");
  }

  private static String permissiveYaml() {
    return MeshTcpResources.inboundYaml("127.0.0.3", 9000, Mode.PERMISSIVE, PEER);
  }

  private static void assertNack(String yaml, String message) {
    assertThatThrownBy(() -> convert(YamlProtos.parse(yaml, Listener.getDefaultInstance())))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessageStartingWith("Listener inbound_127.0.0.3_9000: " + message);
  }
}
