package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsFedProxy.staticCluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.EchoServer;
import io.meshbridge.proxy.testing.LeakCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TCP echo through {@code envoy.filters.network.rbac} before the tcp_proxy, fed over ADS: the
 * denied source address is closed before any upstream connect, the others are relayed.
 */
@ExtendWith(LeakCheck.class)
class NetworkRbacIT {

  @Test
  void deniesOneSourceAddressBeforeConnectingUpstream(@TempDir Path dir) throws IOException {
    try (EchoServer echo = EchoServer.start();
        XdsFedProxy xds = new XdsFedProxy(dir);
        AccessLogCapture accessLog = new AccessLogCapture()) {
      xds.serve(List.of(staticCluster("inbound|9000||", echo.port())), List.of(listener()));
      int port = xds.port("inbound_127.0.0.1_9000");

      assertThat(echoThrough("127.0.0.2", port, "hello")).isEqualTo("hello");
      assertThat(echoThrough("127.0.0.4", port, "again")).isEqualTo("again");
      assertThat(echo.accepted()).isEqualTo(2);

      try (Socket denied = connect("127.0.0.3", port)) {
        assertThat(denied.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(echo.accepted()).isEqualTo(2);
      JsonNode line = accessLog.lines().stream()
          .filter(l -> l.path("response_flags").asText().equals("RBAC")).findFirst().orElseThrow();
      assertThat(line.path("response_flags").asText()).isEqualTo("RBAC");
      assertThat(line.path("connection_termination_details").asText())
          .isEqualTo("rbac_access_denied_matched_policy[ns[shop]-policy[no-3]-rule[0]]");
      assertThat(line.path("downstream_remote_address").asText()).startsWith("/127.0.0.3:");
      assertThat(xds.stats.prometheusText())
          .contains("rbac_denied_total{stat_prefix=\"tcp.\"} 1")
          .contains("rbac_allowed_total{stat_prefix=\"tcp.\"} 2")
          .contains("tcp_downstream_cx_total{stat_prefix=\"inbound|9000||\"} 2");
    }
  }

  private static String echoThrough(String source, int port, String text) throws IOException {
    try (Socket s = connect(source, port)) {
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Socket connect(String source, int port) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(20_000);
    s.bind(new InetSocketAddress(source, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return s;
  }

  private static Listener listener() {
    return YamlProtos.parse("""
        name: inbound_127.0.0.1_9000
        address: {socket_address: {address: 127.0.0.1, port_value: 0}}
        filter_chains:
        - filters:
          - name: envoy.filters.network.rbac
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC
              stat_prefix: tcp.
              rules:
                action: DENY
                policies:
                  "ns[shop]-policy[no-3]-rule[0]":
                    permissions: [{any: true}]
                    principals: [{direct_remote_ip: {address_prefix: 127.0.0.3, prefix_len: 32}}]
          - name: envoy.filters.network.tcp_proxy
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
              stat_prefix: inbound|9000||
              cluster: inbound|9000||
        """, Listener.getDefaultInstance());
  }
}
