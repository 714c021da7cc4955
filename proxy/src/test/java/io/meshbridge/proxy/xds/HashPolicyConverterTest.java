package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.meshbridge.proxy.config.HashPolicy;
import io.meshbridge.proxy.config.HashPolicy.Kind;
import io.meshbridge.proxy.config.RouteAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A route's {@code hash_policy} (docs/xds.md, DR consistentHash). */
class HashPolicyConverterTest {

  private static String routes(String hashPolicy) {
    return """
        name: r
        virtual_hosts:
        - name: v
          domains: ['*']
          routes:
          - match: {prefix: /}
            route: {cluster: c, hash_policy: %s}
        """.formatted(hashPolicy);
  }

  @Test
  void convertsEveryPolicyPilotWrites() throws Exception {
    RouteAction.Forward f = forward(routes("""
        [{header: {header_name: X-User}}, {cookie: {name: session, path: /}},
         {connection_properties: {source_ip: true}, terminal: true},
         {query_parameter: {name: user}}]"""));

    assertThat(f.hashPolicies())
        .containsExactly(
            new HashPolicy(Kind.HEADER, "x-user", false),
            new HashPolicy(Kind.COOKIE, "session", false, "/", null),
            new HashPolicy(Kind.SOURCE_IP, "", true),
            new HashPolicy(Kind.QUERY_PARAMETER, "user", false));
    assertThat(forward(routes("[]")).hashPolicies()).isEmpty();
    assertThat(forward(routes("[{cookie: {name: s, path: /a, ttl: 60s}}]")).hashPolicies())
        .containsExactly(
            new HashPolicy(Kind.COOKIE, "s", false, "/a", java.time.Duration.ofSeconds(60)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      cookie ttl   | '[{cookie: {name: s, ttl: -1s}}]' | 'hash_policy[0].cookie.ttl: -1s (expected: >= 0s)'
      no name      | '[{header: {}}]' | 'hash_policy[0].header.header_name: missing (expected: a name)'
      regex        | '[{header: {header_name: a, regex_rewrite: {substitution: x}}}]' \
        | 'hash_policy[0].header.regex_rewrite: not supported (supported: header_name)'
      ip false     | '[{connection_properties: {source_ip: false}}]' \
        | 'hash_policy[0].connection_properties.source_ip: false (expected: true)'
      filter state | '[{filter_state: {key: k}}]' \
        | 'hash_policy[0].filter_state: not supported (supported: header, cookie, connection_properties, query_parameter, terminal)'
      """)
  void rejectsWhatIsNotImplementedNamingTheField(String shape, String policy, String error) {
    assertThatThrownBy(() -> forward(routes(policy)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("RouteConfiguration r: virtual_hosts[0].routes[0].route." + error);
  }

  private static RouteAction.Forward forward(String yaml) throws InvalidResourceException {
    RouteConfiguration rc = YamlProtos.parse(yaml, RouteConfiguration.getDefaultInstance());
    return (RouteAction.Forward)
        RouteConverter.convert(rc).virtualHosts().get(0).routes().get(0).action();
  }
}
