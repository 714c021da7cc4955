package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.HttpProtocolOptions.Protocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpProtocolOptionsConverterTest {

  /** What pilot writes for a DR connectionPool.http and an HTTP/2 port (docs/xds.md). */
  private static final String PILOT_CLUSTER = """
      name: outbound|50051||grpc.b.mesh
      type: EDS
      eds_cluster_config: {eds_config: {ads: {}}}
      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          common_http_protocol_options: {max_requests_per_connection: 100, idle_timeout: 30s}
          explicit_http_config: {http_protocol_options: {}}
      """;

  @Test
  void convertsWhatPilotSends() throws Exception {
    assertThat(ClusterConverter.convert(cluster(PILOT_CLUSTER)).config().httpProtocol())
        .isEqualTo(new HttpProtocolOptions(Protocol.HTTP1, 100, Duration.ofSeconds(30)));
  }

  @Test
  void convertsHttp2() throws Exception {
    String http2 = PILOT_CLUSTER.replace(
        "{http_protocol_options: {}}", "{http2_protocol_options: {}}");
    assertThat(ClusterConverter.convert(cluster(http2)).config().httpProtocol())
        .isEqualTo(new HttpProtocolOptions(Protocol.HTTP2, 100, Duration.ofSeconds(30)));
  }

  @Test
  void defaultsToHttp1WithoutLimits() throws Exception {
    assertThat(ClusterConverter.convert(cluster("{name: c, type: EDS}")).config().httpProtocol())
        .isEqualTo(HttpProtocolOptions.DEFAULT);
    String http1 = PILOT_CLUSTER
        .replace("common_http_protocol_options: {max_requests_per_connection: 100, ", "")
        .replace("idle_timeout: 30s}", "common_http_protocol_options: {idle_timeout: 0s}");
    assertThat(ClusterConverter.convert(cluster(http1)).config().httpProtocol())
        .isEqualTo(new HttpProtocolOptions(Protocol.HTTP1, 0, Duration.ZERO));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      HTTP/2 option  | 'http_protocol_options: {}' | 'http2_protocol_options: {max_concurrent_streams: 10}' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].explicit_http_config.http2_protocol_options.max_concurrent_streams: not supported (supported: none)'
      HTTP/3         | 'http_protocol_options: {}' | 'http3_protocol_options: {}' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].explicit_http_config.protocol_config: HTTP3_PROTOCOL_OPTIONS is not supported (supported: http_protocol_options, http2_protocol_options)'
      auto config    | 'explicit_http_config: {http_protocol_options: {}}' | 'auto_config: {}' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].auto_config: not supported (supported: common_http_protocol_options, explicit_http_config)'
      common option  | 'idle_timeout: 30s' | 'max_connection_duration: 30s' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].common_http_protocol_options.max_connection_duration: not supported (supported: max_requests_per_connection, idle_timeout)'
      negative idle  | 'idle_timeout: 30s' | 'idle_timeout: -1s' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].common_http_protocol_options.idle_timeout: -1s (expected: a duration >= 0s, 0s = none)'
      too many       | 'max_requests_per_connection: 100' | 'max_requests_per_connection: 4294967295' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].common_http_protocol_options.max_requests_per_connection: 4294967295 (expected: 0..2147483647)'
      other key      | 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions:' | 'envoy.extensions.upstreams.tcp.v3.TcpProtocolOptions:' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.tcp.v3.TcpProtocolOptions"]: not supported (supported: envoy.extensions.upstreams.http.v3.HttpProtocolOptions)'
      wrong type     | '"@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions\\n    common_http_protocol_options: {max_requests_per_connection: 100, idle_timeout: 30s}\\n    explicit_http_config: {http_protocol_options: {}}' | '"@type": type.googleapis.com/envoy.extensions.filters.network.echo.v3.Echo' \
        | 'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]: ''type.googleapis.com/envoy.extensions.filters.network.echo.v3.Echo'' (expected: an envoy.extensions.upstreams.http.v3.HttpProtocolOptions)'
      """)
  void rejectsWhatThePoolCannotDo(String shape, String from, String to, String error) {
    String yaml = PILOT_CLUSTER.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertThat(yaml).as("the test's replacement applies").isNotEqualTo(PILOT_CLUSTER);

    assertThatThrownBy(() -> ClusterConverter.convert(cluster(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Cluster outbound|50051||grpc.b.mesh: " + error);
  }

  private static Cluster cluster(String yaml) {
    return YamlProtos.parse(yaml, Cluster.getDefaultInstance());
  }
}
