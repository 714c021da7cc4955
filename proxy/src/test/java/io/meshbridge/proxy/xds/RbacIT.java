package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsFedProxy.staticCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.H2cClient;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.xds.SourceClient.Answer;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP RBAC through a real proxy fed over ADS and a real backend, clients on 127.0.0.x. Peer
 * identities are set by an accept hook (as the TLS handshake will set them): connections from
 * 127.0.0.5 are {@code sa/orders}, from 127.0.0.6 {@code sa/other}; the others are plaintext.
 */
@ExtendWith(LeakCheck.class)
class RbacIT {

  static final String ORDERS = "spiffe://cluster.local/ns/shop/sa/orders";

  static final String DENY = """
      - name: envoy.filters.http.rbac
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
          rules:
            action: DENY
            policies:
              deny-delete: {permissions: [{header: {name: ":method", string_match: {exact: DELETE}}}], principals: [{any: true}]}
              deny-from-3: {permissions: [{any: true}], principals: [{direct_remote_ip: {address_prefix: 127.0.0.3, prefix_len: 32}}]}
      """;
  static final String ALLOW = """
      - name: envoy.filters.http.rbac
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
          rules:
            action: ALLOW
            policies:
              allow-api: {permissions: [{url_path: {path: {prefix: /api/}}}], principals: [{any: true}]}
              allow-orders: {permissions: [{url_path: {path: {prefix: /orders}}}], principals: [{authenticated: {principal_name: {exact: "%s"}}}]}
      """.formatted(ORDERS);
  static final String ALLOW_NOTHING = """
      - name: envoy.filters.http.rbac
        typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC, rules: {action: ALLOW}}
      """;
  static final String LOG = """
      - name: envoy.filters.http.rbac
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
          rules:
            action: LOG
            policies:
              audit-json: {permissions: [{url_path: {path: {suffix: .json}}}], principals: [{any: true}]}
      """;

  @TempDir Path dir;
  private Backend app;
  private XdsFedProxy xds;
  private AccessLogCapture accessLog;

  @BeforeEach
  void start() {
    app = Backend.start("app");
    xds = new XdsFedProxy(dir);
    xds.proxy.onAccept(ch -> {
      String source = ((InetSocketAddress) ch.remoteAddress()).getAddress().getHostAddress();
      if (source.equals("127.0.0.5")) {
        DownstreamPeer.set(ch, new DownstreamPeer(ORDERS, "TLSv1.3"));
      } else if (source.equals("127.0.0.6")) {
        DownstreamPeer.set(ch, new DownstreamPeer(
            "spiffe://cluster.local/ns/shop/sa/other", "TLSv1.3"));
      }
    });
    accessLog = new AccessLogCapture();
  }

  @AfterEach
  void stop() {
    accessLog.close();
    xds.close();
    app.close();
  }

  @Test
  void denyThenAllowThenLogOverPathsMethodsPrincipalsAndSources() {
    serve(DENY + ALLOW + LOG);
    Map<String, String> cases = Map.ofEntries(
        Map.entry("127.0.0.2 GET /api/a", "200"),
        Map.entry("127.0.0.2 POST /api/a?x=1", "200"),
        Map.entry("127.0.0.2 GET /api", "403 none"),
        Map.entry("127.0.0.2 GET /other", "403 none"),
        Map.entry("127.0.0.2 DELETE /api/a", "403 deny-delete"),
        Map.entry("127.0.0.5 DELETE /orders/1", "403 deny-delete"),
        Map.entry("127.0.0.3 GET /api/a", "403 deny-from-3"),
        Map.entry("127.0.0.2 GET /orders/1", "403 none"),
        Map.entry("127.0.0.6 GET /orders/1", "403 none"),
        Map.entry("127.0.0.5 GET /orders/1", "200"),
        Map.entry("127.0.0.5 GET /api/b", "200"));
    cases.forEach((request, expected) -> {
      String[] r = request.split(" ");
      Answer answer = SourceClient.send(r[0], port(), r[1], r[2]);
      JsonNode line = accessLog.last();
      String actual = answer.status() == 200 ? "200"
          : answer.status() + " " + line.path("response_code_details").asText()
              .replace("rbac_access_denied_matched_policy[", "").replace("]", "");
      assertThat(actual).as(request).isEqualTo(expected);
      if (answer.status() == 403) {
        assertThat(answer.body()).isEqualTo("RBAC: access denied");
        assertThat(line.path("response_flags").asText()).isEqualTo("RBAC");
      }
    });
    assertThat(app.requests()).isEqualTo(4);
    String stats = xds.stats.prometheusText();
    // Each filter counts: 11 requests pass LOG or stop earlier; allowed = DENY 8 + ALLOW 4 + LOG 4.
    assertThat(stats).contains("rbac_denied_total{stat_prefix=\"http.inbound_8080.\"} 7")
        .contains("rbac_allowed_total{stat_prefix=\"http.inbound_8080.\"} 16");
  }

  @Test
  void aLogMatchIsInTheAccessLogAndNeverDenies() {
    serve(LOG);
    assertThat(SourceClient.send("127.0.0.2", port(), "GET", "/x/report.json").status())
        .isEqualTo(200);
    assertThat(accessLog.last().path("rbac_audit").asText()).isEqualTo("audit-json");
    assertThat(SourceClient.send("127.0.0.2", port(), "GET", "/x/report.xml").status())
        .isEqualTo(200);
    assertThat(accessLog.last().has("rbac_audit")).isFalse();
  }

  @Test
  void withoutAnAllowFilterEverythingNotDeniedIsAllowed() {
    serve(DENY);
    assertThat(SourceClient.send("127.0.0.2", port(), "GET", "/other").status()).isEqualTo(200);
    assertThat(SourceClient.send("127.0.0.2", port(), "DELETE", "/other").status())
        .isEqualTo(403);
  }

  @Test
  void anAllowFilterWithoutPoliciesDeniesEverythingAndAnUpdateLiftsIt() {
    serve(ALLOW_NOTHING);
    for (String source : List.of("127.0.0.2", "127.0.0.5")) {
      Answer answer = SourceClient.send(source, port(), "GET", "/api/a");
      assertThat(answer).isEqualTo(new Answer(403, "RBAC: access denied"));
      assertThat(accessLog.last().path("response_code_details").asText())
          .isEqualTo("rbac_access_denied_matched_policy[none]");
    }
    assertThat(app.requests()).isZero();

    serve("");
    await().untilAsserted(() ->
        assertThat(SourceClient.send("127.0.0.2", port(), "GET", "/api/a").status())
            .isEqualTo(200));
  }

  @Test
  void http2StreamsAreCheckedWithTheirConnectionsPeer() {
    xds.proxy.onAccept(ch -> DownstreamPeer.set(ch, new DownstreamPeer(ORDERS, "TLSv1.3")));
    serve(DENY + ALLOW);
    try (H2cClient h2 = new H2cClient(port())) {
      assertThat(h2.send(HttpMethod.GET, "orders.shop", "/api/a", "").status()).isEqualTo(200);
      assertThat(h2.send(HttpMethod.GET, "orders.shop", "/orders/1", "").status())
          .isEqualTo(200);
      assertThat(h2.send(HttpMethod.GET, "orders.shop", "/other", ""))
          .isEqualTo(new H2cClient.Response(403, "RBAC: access denied"));
      assertThat(h2.send(HttpMethod.DELETE, "orders.shop", "/api/a", "").status())
          .isEqualTo(403);
    }
    assertThat(app.requests()).isEqualTo(2);
  }

  private int port() {
    return xds.port("inbound_127.0.0.1_8080");
  }

  private void serve(String rbacFilters) {
    String filters = rbacFilters.strip().isEmpty() ? ""
        : rbacFilters.stripTrailing().replaceAll("(?m)^", "      ") + "\n";
    xds.serve(List.of(staticCluster("inbound|8080||", app.port())), List.of(listener(filters)));
  }

  static Listener listener(String filters) {
    return YamlProtos.parse("""
        name: inbound_127.0.0.1_8080
        address: {socket_address: {address: 127.0.0.1, port_value: 0}}
        filter_chains:
        - filters:
          - name: envoy.filters.network.http_connection_manager
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
              stat_prefix: inbound_8080
              route_config:
                name: inbound|8080
                virtual_hosts: [{name: inbound, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: "inbound|8080||", timeout: 0s}}]}]
              http_filters:
        %s      - name: envoy.filters.http.router
                typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
        """.formatted(filters), Listener.getDefaultInstance());
  }
}
