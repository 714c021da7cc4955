package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.StringMatch.Kind;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.rbac.Cidr;
import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Policy;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.config.rbac.Principal.RemoteIp;
import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import io.meshbridge.proxy.config.rbac.RbacRules;
import io.meshbridge.proxy.config.rbac.RbacRules.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RBAC filters pilot writes (docs/xds.md, "AuthorizationPolicy → RBAC"), converted. */
class RbacConverterTest {

  static final String SPIFFE = "spiffe://cluster.local/ns/";

  /** An inbound HTTP listener with DENY, ALLOW and LOG filters, as pilot writes them. */
  static final String HTTP_LISTENER = """
      name: inbound_127.0.0.1_8080
      address: {socket_address: {address: 127.0.0.1, port_value: 8080}}
      filter_chains:
      - filters:
        - name: envoy.filters.network.http_connection_manager
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
            stat_prefix: inbound_8080
            route_config:
              name: inbound|8080
              virtual_hosts:
              - name: inbound
                domains: ["*"]
                routes: [{match: {prefix: /}, route: {cluster: "inbound|8080||", timeout: 0s}}]
            http_filters:
            - name: envoy.filters.http.rbac
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
                rules:
                  action: DENY
                  policies:
                    "ns[shop]-policy[deny-admin]-rule[0]":
                      permissions:
                      - and_rules:
                          rules:
                          - or_rules: {rules: [{url_path: {path: {prefix: /admin}}}]}
                          - or_rules: {rules: [{header: {name: ":method", string_match: {exact: POST}}}]}
                      principals:
                      - and_ids:
                          ids:
                          - or_ids: {ids: [{not_id: {authenticated: {principal_name: {exact: "spiffe://cluster.local/ns/shop/sa/admin"}}}}]}
            - name: envoy.filters.http.rbac
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
                rules:
                  action: ALLOW
                  policies:
                    "ns[shop]-policy[allow]-rule[0]":
                      permissions:
                      - and_rules:
                          rules:
                          - or_rules: {rules: [{header: {name: ":authority", string_match: {suffix: ".shop", ignore_case: true}}}]}
                          - or_rules: {rules: [{destination_port: 8080}]}
                      principals:
                      - and_ids:
                          ids:
                          - or_ids: {ids: [{authenticated: {principal_name: {safe_regex: {regex: "^spiffe://[^/]+/ns/shop/.*"}}}}]}
                          - or_ids: {ids: [{direct_remote_ip: {address_prefix: 127.0.0.0, prefix_len: 24}}, {remote_ip: {address_prefix: "::1", prefix_len: 128}}]}
                    "ns[shop]-policy[allow]-rule[1]":
                      permissions: [{any: true}]
                      principals: [{source_ip: {address_prefix: 10.0.0.0, prefix_len: 8}}]
            - name: envoy.filters.http.rbac
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
                rules:
                  action: LOG
                  policies:
                    "ns[shop]-policy[audit]-rule[0]":
                      permissions: [{url_path: {path: {suffix: .json}}}]
                      principals: [{any: true}]
                shadow_rules: {action: ALLOW}
                shadow_rules_stat_prefix: audit_
                rules_stat_prefix: log_
            - name: envoy.filters.http.router
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
      """;

  static final String TCP_LISTENER = """
      name: inbound_127.0.0.1_9000
      address: {socket_address: {address: 127.0.0.1, port_value: 9000}}
      filter_chains:
      - filters:
        - name: envoy.filters.network.rbac
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC
            stat_prefix: tcp.
            rules:
              action: DENY
              policies:
                "ns[shop]-policy[no-2]-rule[0]":
                  permissions: [{destination_ip: {address_prefix: 127.0.0.1, prefix_len: 32}}]
                  principals: [{direct_remote_ip: {address_prefix: 127.0.0.2, prefix_len: 32}}]
        - name: envoy.filters.network.tcp_proxy
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
            stat_prefix: inbound|9000||
            cluster: inbound|9000||
      """;

  @Test
  void convertsPilotsHttpFiltersInOrder() throws Exception {
    List<RbacFilterConfig> rbac =
        ListenerConverter.convert(parse(HTTP_LISTENER)).config().rbacFilters();

    Permission adminPost = new Permission.And(List.of(
        new Permission.Or(List.of(new Permission.UrlPath(StringMatch.of(Kind.PREFIX, "/admin",
            false)))),
        new Permission.Or(List.of(new Permission.Header(
            new HeaderMatch(":method", StringMatch.exact("POST"), true, false))))));
    Principal notAdmin = new Principal.And(List.of(new Principal.Or(List.of(new Principal.Not(
        new Principal.Authenticated(StringMatch.exact(SPIFFE + "shop/sa/admin")))))));
    Permission shopHost = new Permission.And(List.of(
        new Permission.Or(List.of(new Permission.Header(new HeaderMatch(
            ":authority", StringMatch.of(Kind.SUFFIX, ".shop", true), true, false)))),
        new Permission.Or(List.of(new Permission.DestinationPort(8080)))));
    Principal shopFromLocal = new Principal.And(List.of(
        new Principal.Or(List.of(new Principal.Authenticated(
            StringMatch.regex("^spiffe://[^/]+/ns/shop/.*")))),
        new Principal.Or(List.of(
            new RemoteIp(RemoteIp.Kind.DIRECT_REMOTE_IP, Cidr.of("127.0.0.0", 24)),
            new RemoteIp(RemoteIp.Kind.REMOTE_IP, Cidr.of("::1", 128))))));
    assertThat(rbac).containsExactly(
        RbacFilterConfig.enforcing("http.inbound_8080.", new RbacRules(Action.DENY, Map.of(
            "ns[shop]-policy[deny-admin]-rule[0]",
            new Policy(List.of(adminPost), List.of(notAdmin))))),
        RbacFilterConfig.enforcing("http.inbound_8080.", new RbacRules(Action.ALLOW, Map.of(
            "ns[shop]-policy[allow]-rule[0]", new Policy(List.of(shopHost), List.of(shopFromLocal)),
            "ns[shop]-policy[allow]-rule[1]", new Policy(List.of(new Permission.Any()),
                List.of(new RemoteIp(RemoteIp.Kind.SOURCE_IP, Cidr.of("10.0.0.0", 8))))))),
        new RbacFilterConfig("http.inbound_8080.", new RbacRules(Action.LOG, Map.of(
            "ns[shop]-policy[audit]-rule[0]", new Policy(
                List.of(new Permission.UrlPath(StringMatch.of(Kind.SUFFIX, ".json", false))),
                List.of(new Principal.Any())))),
            "log_", new RbacRules(Action.ALLOW, Map.of()), "audit_"));
  }

  @Test
  void convertsANetworkRbacBeforeTheTcpProxy() throws Exception {
    TcpChain chain =
        ListenerConverter.convert(parse(TCP_LISTENER)).config().tcpChains().get(0);

    assertThat(chain.tcpProxy().statPrefix()).isEqualTo("inbound|9000||");
    assertThat(chain.rbac()).containsExactly(RbacFilterConfig.enforcing(
        "tcp.", new RbacRules(Action.DENY, Map.of("ns[shop]-policy[no-2]-rule[0]", new Policy(
            List.of(new Permission.DestinationIp(Cidr.of("127.0.0.1", 32))),
            List.of(new RemoteIp(RemoteIp.Kind.DIRECT_REMOTE_IP, Cidr.of("127.0.0.2", 32))))))));
  }

  @Test
  void anRbacFilterWithoutRulesEnforcesNothing() throws Exception {
    String yaml = HTTP_LISTENER.replace(
        "          rules:\n            action: LOG\n            policies:\n"
            + "              \"ns[shop]-policy[audit]-rule[0]\":\n"
            + "                permissions: [{url_path: {path: {suffix: .json}}}]\n"
            + "                principals: [{any: true}]\n", "");
    RbacFilterConfig log =
        ListenerConverter.convert(parse(yaml)).config().rbacFilters().get(2);
    assertThat(log.rules()).isNull();
    assertThat(log.shadowRules()).isEqualTo(new RbacRules(Action.ALLOW, Map.of()));
  }

  @Test
  void rejectsAnRbacFilterAfterAnotherFilter() {
    String yaml = HTTP_LISTENER.replace(
        "      http_filters:\n",
        "      http_filters:\n      - name: envoy.filters.http.fault\n        typed_config: {\"@type\": "
            + "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault}\n");
    assertThatThrownBy(() -> ListenerConverter.convert(parse(yaml)))
        .hasMessage("Listener inbound_127.0.0.1_8080: filter_chains[0].filters[0].typed_config"
            + ".http_filters[1]: 'envoy.filters.http.rbac' after envoy.filters.http.fault is not"
            + " supported (expected: envoy.filters.http.rbac filters before the other filters)");
  }

  static Listener parse(String yaml) {
    return YamlProtos.parse(yaml, Listener.getDefaultInstance());
  }
}
