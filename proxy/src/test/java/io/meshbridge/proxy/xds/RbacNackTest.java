package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.listener.v3.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every RBAC field or matcher the proxy does not implement is NACKed, naming it. */
class RbacNackTest {

  private static final String HTTP = """
      name: l
      address: {socket_address: {address: 127.0.0.1, port_value: 8080}}
      filter_chains:
      - filters:
        - name: envoy.filters.network.http_connection_manager
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
            stat_prefix: in
            route_config: {name: r, virtual_hosts: [{name: v, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: c}}]}]}
            http_filters:
            - name: envoy.filters.http.rbac
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC, rules: {action: ACTION, policies: {p1: {permissions: [PERM], principals: [PRIN] POLICY}} RULES} FILTER}
            - name: envoy.filters.http.router
      """;

  private static final String HTTP_AT =
      "Listener l: filter_chains[0].filters[0].typed_config.http_filters[0].typed_config.";

  private static final String TCP = """
      name: t
      address: {socket_address: {address: 127.0.0.1, port_value: 9000}}
      filter_chains:
      - filters:
        - name: envoy.filters.network.rbac
          typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC, stat_prefix: tcp., rules: {action: DENY} EXTRA}
        - name: envoy.filters.network.tcp_proxy
          typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: t, cluster: c}
      """;

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      PERM   | {metadata: {filter: f, path: [{key: k}], value: {present_match: true}}} \
        | rules.policies["p1"].permissions[0].metadata: not supported (supported: any, and_rules, or_rules, not_rule, header, url_path, destination_port, destination_ip)
      PERM   | {requested_server_name: {exact: a}} \
        | rules.policies["p1"].permissions[0].requested_server_name: not supported (supported: any, and_rules, or_rules, not_rule, header, url_path, destination_port, destination_ip)
      PERM   | {destination_port_range: {start: 1, end: 2}} \
        | rules.policies["p1"].permissions[0].destination_port_range: not supported (supported: any, and_rules, or_rules, not_rule, header, url_path, destination_port, destination_ip)
      PERM   | {not_rule: {matcher: {name: m}}} \
        | rules.policies["p1"].permissions[0].not_rule.matcher: not supported (supported: any, and_rules, or_rules, not_rule, header, url_path, destination_port, destination_ip)
      PERM   | {} \
        | rules.policies["p1"].permissions[0]: no rule (expected one of: any, and_rules, or_rules, not_rule, header, url_path, destination_port, destination_ip)
      PERM   | {any: false} \
        | rules.policies["p1"].permissions[0].any: false (expected: true, as Envoy)
      PERM   | {and_rules: {rules: []}} \
        | rules.policies["p1"].permissions[0].and_rules.rules: empty (expected: at least 1, as Envoy)
      PERM   | {or_rules: {rules: [{url_path: {path: {prefix: ""}}}]}} \
        | rules.policies["p1"].permissions[0].or_rules.rules[0].url_path.path.prefix: '' (expected: a non-empty string, as Envoy)
      PERM   | {header: {name: ":foo", present_match: true}} \
        | rules.policies["p1"].permissions[0].header.name: ':foo' is not supported (supported pseudo-headers: :method, :authority, :path, :scheme)
      PERM   | {header: {name: x, range_match: {start: 1, end: 2}}} \
        | rules.policies["p1"].permissions[0].header.range_match: not supported (supported: name, string_match, present_match, invert_match)
      PERM   | {destination_ip: {address_prefix: 10.0.0.300, prefix_len: 8}} \
        | rules.policies["p1"].permissions[0].destination_ip.address_prefix: '10.0.0.300' (expected: an IPv4 or IPv6 literal)
      PERM   | {destination_ip: {address_prefix: orders.shop, prefix_len: 8}} \
        | rules.policies["p1"].permissions[0].destination_ip.address_prefix: 'orders.shop' (expected: an IPv4 or IPv6 literal)
      PERM   | {destination_port: 70000} \
        | rules.policies["p1"].permissions[0].destination_port: 70000 (expected: 0..65535)
      PRIN   | {filter_state: {key: k, string_match: {exact: v}}} \
        | rules.policies["p1"].principals[0].filter_state: not supported (supported: any, and_ids, or_ids, not_id, authenticated, direct_remote_ip, remote_ip, source_ip, header, url_path)
      PRIN   | {not_id: {metadata: {filter: f, path: [{key: k}], value: {present_match: true}}}} \
        | rules.policies["p1"].principals[0].not_id.metadata: not supported (supported: any, and_ids, or_ids, not_id, authenticated, direct_remote_ip, remote_ip, source_ip, header, url_path)
      PRIN   | {direct_remote_ip: {address_prefix: 10.0.0.0, prefix_len: 33}} \
        | rules.policies["p1"].principals[0].direct_remote_ip.prefix_len: 33 (expected: 0..32 for 10.0.0.0)
      PRIN   | {remote_ip: {address_prefix: "2001:db8::", prefix_len: 129}} \
        | rules.policies["p1"].principals[0].remote_ip.prefix_len: 129 (expected: 0..128 for 2001:db8::)
      PRIN   | {or_ids: {ids: []}} \
        | rules.policies["p1"].principals[0].or_ids.ids: empty (expected: at least 1, as Envoy)
      PRIN   | {authenticated: {principal_name: {safe_regex: {regex: a}, ignore_case: true}}} \
        | rules.policies["p1"].principals[0].authenticated.principal_name.ignore_case: true (expected: false with safe_regex, as Envoy)
      POLICY | `, condition: {id: 1}` \
        | rules.policies["p1"].condition: not supported (supported: permissions, principals)
      RULES  | `, audit_logging_options: {audit_condition: ON_DENY}` \
        | rules.audit_logging_options: not supported (supported: action, policies)
      ACTION | 7 \
        | rules.action: 7 is not supported (supported: ALLOW, DENY, LOG)
      FILTER | `, matcher: {on_no_match: {action: {name: a}}}` \
        | matcher: not supported (supported: rules, rules_stat_prefix, shadow_rules, shadow_rules_stat_prefix)
      FILTER | `, shadow_matcher: {on_no_match: {action: {name: a}}}` \
        | shadow_matcher: not supported (supported: rules, rules_stat_prefix, shadow_rules, shadow_rules_stat_prefix)
      FILTER | `, track_per_rule_stats: true` \
        | track_per_rule_stats: not supported (supported: rules, rules_stat_prefix, shadow_rules, shadow_rules_stat_prefix)
      FILTER | `, shadow_rules: {action: DENY, policies: {s: {permissions: [{any: true}], principals: []}}}` \
        | shadow_rules.policies["s"].principals: empty (expected: at least 1, as Envoy)
      """)
  void rejectsHttpRbac(String where, String text, String expected) {
    String yaml = HTTP;
    for (String key : new String[] {"PERM", "PRIN", "POLICY", "RULES", "FILTER", "ACTION"}) {
      String fallback = switch (key) {
        case "PERM", "PRIN" -> "{any: true}";
        case "ACTION" -> "ALLOW";
        default -> "";
      };
      yaml = yaml.replace(key, key.equals(where) ? text : fallback);
    }
    String listener = yaml;
    assertThatThrownBy(() -> ListenerConverter.convert(parse(listener)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage(HTTP_AT + expected);
  }

  @Test
  void rejectsAnHttpRbacWithoutConfig() {
    String yaml = HTTP.replaceFirst("typed_config: \\{\"@type\": type.googleapis.com/envoy"
        + ".extensions.filters.http.rbac.v3.RBAC.*}\n", "is_optional: false\n");
    assertThatThrownBy(() -> ListenerConverter.convert(parse(yaml)))
        .hasMessage(HTTP_AT.replaceFirst("\\.$", "") + ": missing (expected: an "
            + "envoy.extensions.filters.http.rbac.v3.RBAC)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      `, enforcement_type: CONTINUOUS` \
        | filter_chains[0].filters[0].typed_config.enforcement_type: CONTINUOUS is not supported (supported: ONE_TIME_ON_FIRST_BYTE)
      `, delay_deny: 1s` \
        | filter_chains[0].filters[0].typed_config.delay_deny: not supported (supported: rules, stat_prefix, shadow_rules, shadow_rules_stat_prefix, enforcement_type)
      `, matcher: {on_no_match: {action: {name: a}}}` \
        | filter_chains[0].filters[0].typed_config.matcher: not supported (supported: rules, stat_prefix, shadow_rules, shadow_rules_stat_prefix, enforcement_type)
      `, stat_prefix: ""` \
        | filter_chains[0].filters[0].typed_config.stat_prefix: missing (expected: a non-empty prefix)
      """)
  void rejectsNetworkRbac(String extra, String expected) {
    String yaml = TCP.replace(", stat_prefix: tcp.", "").replace(" EXTRA",
        extra.contains("stat_prefix") ? extra : ", stat_prefix: tcp." + extra);
    assertThatThrownBy(() -> ListenerConverter.convert(parse(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("Listener t: " + expected);
  }

  @Test
  void rejectsOtherNetworkFiltersBeforeTheTcpProxyAndRbacBeforeAnHcm() {
    String echo = TCP.replace(" EXTRA", "").replace(
        "- name: envoy.filters.network.rbac",
        "- name: envoy.filters.network.echo\n"
            + "    typed_config: {\"@type\": type.googleapis.com/envoy.extensions.filters.network"
            + ".echo.v3.Echo}\n  - name: envoy.filters.network.rbac");
    assertThatThrownBy(() -> ListenerConverter.convert(parse(echo)))
        .hasMessage("Listener t: filter_chains[0].filters[0]: 'envoy.filters.network.echo' is not"
            + " supported (expected: envoy.filters.network.rbac filters, then one "
            + "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy)");

    String beforeHcm = HTTP.replace("PERM", "{any: true}").replace("PRIN", "{any: true}")
        .replace(" POLICY", "").replace(" RULES", "").replace(" FILTER", "")
        .replace("ACTION", "ALLOW").replace(
            "- filters:\n",
            "- filters:\n  - name: envoy.filters.network.rbac\n    typed_config: {\"@type\": "
                + "type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC, "
                + "stat_prefix: tcp.}\n");
    assertThatThrownBy(() -> ListenerConverter.convert(parse(beforeHcm)))
        .hasMessage("Listener l: filter_chains[0].filters: 2 filters (expected: exactly 1, "
            + "envoy.filters.network.http_connection_manager)");
  }

  private static Listener parse(String yaml) {
    return YamlProtos.parse(yaml, Listener.getDefaultInstance());
  }
}
