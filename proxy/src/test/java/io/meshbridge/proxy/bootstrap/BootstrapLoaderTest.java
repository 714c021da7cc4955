package io.meshbridge.proxy.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BootstrapLoaderTest {

  private static final ProxyBootstrap EXAMPLE = new ProxyBootstrap(
      Node.newBuilder()
          .setId("orders-vm-1")
          .setCluster("orders")
          .setMetadata(Struct.newBuilder().putFields(
              "MESHBRIDGE_BIND_ADDRESS", Value.newBuilder().setStringValue("127.0.0.1").build()))
          .setLocality(Locality.newBuilder().setRegion("eu-west").setZone("eu-west-1a"))
          .build(),
      AdsApi.STATE_OF_THE_WORLD,
      List.of(new HostPort("10.0.0.10", 15010), new HostPort("10.0.0.11", 15010)),
      Duration.ofSeconds(1),
      new HostPort("127.0.0.1", 15000));

  @Test
  void loadsTheExample() throws Exception {
    assertThat(BootstrapLoader.load(example())).isEqualTo(EXAMPLE);
  }

  @Test
  void loadsJsonToo() throws Exception {
    String json = """
        {
          "node": {"id": "n", "cluster": "c"},
          "dynamicResources": {"adsConfig": {"apiType": "GRPC", "transportApiVersion": "V3",
              "grpcServices": [{"envoyGrpc": {"clusterName": "xds"}}]}},
          "static_resources": {"clusters": [{"name": "xds", "load_assignment": {"endpoints": [
              {"lb_endpoints": [{"endpoint": {"address": {"socket_address":
                  {"address": "pilot.mesh", "port_value": 15010}}}}]}]}}]},
          "admin": {"address": {"socket_address": {"address": "::1", "port_value": 0}}}
        }
        """;

    assertThat(BootstrapLoader.parse("proxy.json", json)).isEqualTo(new ProxyBootstrap(
        Node.newBuilder().setId("n").setCluster("c").build(),
        AdsApi.STATE_OF_THE_WORLD,
        List.of(new HostPort("pilot.mesh", 15010)),
        Duration.ofSeconds(5),
        new HostPort("::1", 0)));
  }

  @Test
  void readsDeltaFromApiType() throws Exception {
    String delta = exampleText().replace("api_type: GRPC", "api_type: DELTA_GRPC");

    assertThat(BootstrapLoader.parse("proxy.yaml", delta).adsApi()).isEqualTo(AdsApi.DELTA);
  }

  @Test
  void readsATlsTransportSocketOnTheXdsCluster() throws Exception {
    String tls = exampleText().replace("connect_timeout: 1s", "connect_timeout: 1s\n"
        + "    transport_socket: {name: envoy.transport_sockets.tls, typed_config: {'@type':"
        + " type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext}}");

    assertThat(BootstrapLoader.parse("proxy.yaml", tls).xdsTls()).isTrue();
    assertThat(BootstrapLoader.parse("proxy.yaml", exampleText()).xdsTls()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no node id       | 'id: orders-vm-1' | 'user_agent_name: x' \
        | 'node.user_agent_name: not supported (supported: id, cluster, metadata, locality)'
      empty node id    | 'id: orders-vm-1' | 'id: ""' \
        | 'node.id: missing (expected: a non-empty node id)'
      bad bind address | 'BIND_ADDRESS: 127.0.0.1' | 'BIND_ADDRESS: localhost' \
        | 'node.metadata.MESHBRIDGE_BIND_ADDRESS: ''localhost'' (expected: an IP literal)'
      unknown cluster  | 'cluster_name: xds\n' | 'cluster_name: pilot\n' \
        | 'dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name: ''pilot'' names no static cluster'
      REST             | 'api_type: GRPC' | 'api_type: REST' \
        | 'dynamic_resources.ads_config.api_type: REST (expected: GRPC or DELTA_GRPC)'
      aggregated delta | 'api_type: GRPC' | 'api_type: AGGREGATED_DELTA_GRPC' \
        | 'dynamic_resources.ads_config.api_type: AGGREGATED_DELTA_GRPC (expected: GRPC or DELTA_GRPC)'
      no version       | 'transport_api_version: V3' | 'set_node_on_first_message_only: false' \
        | 'dynamic_resources.ads_config.transport_api_version: missing (expected: V3)'
      google grpc      | 'envoy_grpc:\n        cluster_name: xds' | 'google_grpc: {target_uri: "pilot:15010", stat_prefix: x}' \
        | 'dynamic_resources.ads_config.grpc_services[0].google_grpc: not supported (supported: envoy_grpc)'
      LDS not ADS      | 'lds_config:\n    ads: {}' | 'lds_config:\n    path_config_source: {path: /l.yaml}' \
        | 'dynamic_resources.lds_config.path_config_source: not supported (supported: ads, resource_api_version)'
      DNS cluster      | 'type: STATIC' | 'type: STRICT_DNS' \
        | 'static_resources.clusters[0].type: STRICT_DNS (expected: STATIC)'
      TLS              | 'connect_timeout: 1s' | 'transport_socket: {name: tls}' \
        | 'static_resources.clusters[0].transport_socket.typed_config: '''' (expected: an envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext)'
      bad port         | 'port_value: 15010}' | 'port_value: 0}' \
        | 'static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value: 0 (expected: 1..65535)'
      no admin         | 'admin:' | 'unused_admin:' \
        | 'admin.address.socket_address: missing (expected: the admin endpoint''s address)'
      admin host name  | 'address: 127.0.0.1, port_value: 15000' | 'address: localhost, port_value: 15000' \
        | 'admin.address.socket_address.address: ''localhost'' (expected: an IP literal)'
      static listener  | 'static_resources:\n' | 'static_resources:\n  listeners: [{name: l}]\n' \
        | 'static_resources.listeners: not supported (supported: clusters)'
      stats sink       | 'admin:' | 'stats_flush_interval: 5s\nadmin:' \
        | 'stats_flush_interval: not supported (supported: node, static_resources, dynamic_resources, admin)'
      """)
  void rejectsWithFileAndField(String shape, String from, String to, String error)
      throws Exception {
    String text = exampleText().replace(unescape(from), unescape(to))
        .replace("unused_admin:\n  address:\n    socket_address: "
            + "{address: 127.0.0.1, port_value: 15000}\n", "");
    assertThat(text).as("the test's replacement applies").isNotEqualTo(exampleText());

    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", text))
        .isInstanceOf(BootstrapException.class)
        .hasMessage("proxy.yaml: " + error);
  }

  @Test
  void rejectsUnknownFieldsAndUnknownTypesNamingTheFile() {
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", "nod: {id: x}\n"))
        .hasMessage("proxy.yaml: Cannot find field: nod in message envoy.config.bootstrap.v3"
            + ".Bootstrap");
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", exampleText().replace(
        "upstreams.http.v3.HttpProtocolOptions\n", "upstreams.http.v3.Unknown\n")))
        .hasMessageStartingWith("proxy.yaml: ")
        .hasMessageContaining("type.googleapis.com/envoy.extensions.upstreams.http.v3.Unknown");
  }

  @Test
  void rejectsAMissingNodeAndMissingAdsConfig() {
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", "admin: {}\n"))
        .hasMessage("proxy.yaml: node.id: missing (expected: a non-empty node id)");
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", "node: {id: n}\n"))
        .hasMessage("proxy.yaml: dynamic_resources.ads_config: missing "
            + "(expected: the ADS server's gRPC config)");
  }

  @Test
  void rejectsAnUnusedOrDuplicateStaticClusterAndAClusterWithoutEndpoints() throws Exception {
    String cluster = "  - name: xds\n    type: STATIC\n";
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml",
        exampleText().replace(cluster, "  - {name: other}\n" + cluster)))
        .hasMessage("proxy.yaml: static_resources.clusters[0]: 'other' is not used "
            + "(expected: only the xDS cluster 'xds')");
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml",
        exampleText().replace(cluster, "  - {name: xds}\n" + cluster)))
        .hasMessage("proxy.yaml: static_resources.clusters[1].name: 'xds' is a duplicate");
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml",
        exampleText().replaceAll("(?s)    load_assignment:.*\n\nadmin", "\nadmin")))
        .hasMessage("proxy.yaml: static_resources.clusters[0].load_assignment.endpoints: "
            + "no socket address (expected: the xDS servers' addresses)");
  }

  @Test
  void rejectsBrokenYamlAndDuplicateKeys() {
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", "node: {id: a\n"))
        .hasMessageStartingWith("proxy.yaml: not valid YAML: ");
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.yaml", "node: {id: a}\nnode: {id: b}\n"))
        .hasMessageStartingWith("proxy.yaml: not valid YAML: Duplicate field 'node'");
    assertThatThrownBy(() -> BootstrapLoader.parse("proxy.json", "[1]"))
        .hasMessage("proxy.json: expected a mapping at the top (a Bootstrap)");
  }

  @Test
  void namesAFileThatCannotBeRead(@TempDir Path dir) {
    Path missing = dir.resolve("proxy.yaml");
    assertThatThrownBy(() -> BootstrapLoader.load(missing))
        .hasMessageStartingWith(missing + ": cannot be read: java.nio.file.NoSuchFileException");
  }

  private static String unescape(String csv) {
    return csv.replace("\\n", "\n");
  }

  private static Path example() throws URISyntaxException {
    return Path.of(BootstrapLoaderTest.class.getResource("/bootstrap/proxy.yaml").toURI());
  }

  private static String exampleText() throws IOException, URISyntaxException {
    return Files.readString(example());
  }
}
