package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.DownstreamTransport;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.SanMatcher;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import io.meshbridge.proxy.testing.TestCa;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets, listener TLS chains and cluster transport sockets: what is accepted and NACKed. */
class TlsConvertersTest {

  private final TestCa ca = TestCa.create("root");

  @Test
  void parsesCertificateAndRootSecrets() throws Exception {
    TestCa.Issued leaf = ca.issue("spiffe://cluster.local/ns/a/sa/b");
    TlsSecret cert = SecretConverter.convert(certificate("default", leaf.chainPem(), leaf.keyPem()));
    assertThat(cert.chain()).containsExactly(leaf.certificate());
    assertThat(cert.key()).isEqualTo(leaf.keys().getPrivate());

    TlsSecret roots = SecretConverter.convert(MeshTlsResources.rootCa(
        ca.rootPem() + TestCa.create("next").rootPem()));
    assertThat(roots.trustedCas()).hasSize(2);
  }

  @Test
  void nacksABadSecretNamingTheSecretAndField() {
    TestCa.Issued leaf = ca.issue("spiffe://cluster.local/ns/a/sa/b");
    assertThatThrownBy(() -> SecretConverter.convert(certificate("default", "garbage", leaf.keyPem())))
        .hasMessageStartingWith("Secret default: tls_certificate.certificate_chain: no certificate");
    assertThatThrownBy(() -> SecretConverter.convert(
        certificate("default", leaf.chainPem(), leaf.chainPem())))
        .hasMessageStartingWith("Secret default: tls_certificate.private_key: a X509CertificateHolder");
    assertThatThrownBy(() -> SecretConverter.convert(MeshTlsResources.rootCa("-----BEGIN")))
        .hasMessageStartingWith("Secret ROOTCA: validation_context.trusted_ca:");
    assertThatThrownBy(() -> SecretConverter.convert(Secret.newBuilder().setName("x").build()))
        .hasMessage("Secret x: type: neither tls_certificate and validation_context (expected: one)");
  }

  @Test
  void readsIstiosInboundListenerAsPermissiveOrStrict() throws Exception {
    ListenerConfig permissive =
        ListenerConverter.convert(MeshTlsResources.inbound("10.0.0.1", 8080, true)).config();
    DownstreamTransport transport = permissive.transport();
    assertThat(transport.plaintext()).isTrue();
    assertThat(transport.forwardClientCertUri()).isTrue();
    TlsSettings s = transport.tls().settings();
    assertThat(transport.tls().requireClientCertificate()).isTrue();
    assertThat(s.certificate()).isEqualTo(
        new TlsSettings.CertificateSource.Sds(new SecretRef("default", true)));
    assertThat(s.trust()).isEqualTo(new TlsSettings.TrustSource.Sds(new SecretRef("ROOTCA", false)));
    assertThat(s.sanMatchers()).containsExactly(
        new SanMatcher(SanMatcher.Type.URI, false, "spiffe://cluster.local/"));
    assertThat(s.alpn()).containsExactly("h2", "http/1.1");

    ListenerConfig strict =
        ListenerConverter.convert(MeshTlsResources.inbound("10.0.0.1", 8080, false)).config();
    assertThat(strict.transport().plaintext()).isFalse();
    assertThat(strict.transport().tls()).isEqualTo(transport.tls());
    assertThat(SecretNames.adsSecrets(
        List.of(ListenerConverter.convert(MeshTlsResources.inbound("10.0.0.1", 8080, false))),
        List.of())).containsExactly("ROOTCA");
  }

  @Test
  void readsAutoMtlsMatchesPerEndpoint() throws Exception {
    ClusterResource cluster = ClusterConverter.convert(MeshTlsResources.autoMtlsCluster(
        "outbound|80||a", "10.0.0.2", 8080, "outbound_.80_._.a"));
    ClusterTransport transport = cluster.config().transport();
    UpstreamTlsConfig mesh = transport.forEndpoint(Map.of("tlsMode", "istio"));
    assertThat(mesh.sni()).isEqualTo("outbound_.80_._.a");
    assertThat(mesh.settings().alpn()).containsExactly("http/1.1");
    assertThat(transport.forEndpoint(Map.of())).isNull();
    assertThat(cluster.staticEndpoints().get(0).transportMatch()).containsEntry("tlsMode", "istio");
  }

  @Test
  void nacksTlsFieldsItCannotHonour() {
    String listener = MeshTlsResources.inbound("10.0.0.1", 8080, false).toString();
    assertThat(listener).contains("sds-grpc");
    assertThatThrownBy(() -> ListenerConverter.convert(YamlProtos.parse("""
        name: l
        address: {socket_address: {address: 10.0.0.1, port_value: 80}}
        filter_chains:
        - filter_chain_match: {transport_protocol: tls}
          filters:
          - name: hcm
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
              stat_prefix: s
              rds: {route_config_name: r, config_source: {ads: {}}}
              http_filters: [{name: envoy.filters.http.router}]
        """, io.envoyproxy.envoy.config.listener.v3.Listener.getDefaultInstance())))
        .hasMessageContaining("filter_chains[0].filter_chain_match.transport_protocol: \"tls\""
            + " without a TLS transport_socket");
  }

  private static Secret certificate(String name, String chain, String key) {
    return Secret.newBuilder().setName(name).setTlsCertificate(TlsCertificate.newBuilder()
        .setCertificateChain(DataSource.newBuilder().setInlineString(chain))
        .setPrivateKey(DataSource.newBuilder().setInlineString(key))).build();
  }
}
