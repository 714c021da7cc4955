package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteConverterTest {

  @Test
  void convertsVirtualHostsAndPrefixAndPathRoutes() throws Exception {
    RouteConfig routes = RouteConverter.convert(routes("""
        name: "8080"
        virtual_hosts:
        - name: orders.shop.mesh:8080
          domains: [orders.shop.mesh, "orders.shop.mesh:8080"]
          routes:
          - match: {path: /Health, case_sensitive: false}
            route: {cluster: "outbound|8080||health.shop.mesh"}
          - match: {prefix: /}
            route: {cluster: "outbound|8080||orders.shop.mesh"}
        - name: catch-all
          domains: ["*"]
          routes: []
        """));

    assertThat(routes).isEqualTo(new RouteConfig("8080", List.of(
        new VirtualHostConfig(
            "orders.shop.mesh:8080",
            List.of("orders.shop.mesh", "orders.shop.mesh:8080"),
            List.of(
                new RouteEntry(new PathMatch(PathMatch.Kind.PATH, "/Health", false),
                    "outbound|8080||health.shop.mesh"),
                new RouteEntry(PathMatch.prefix("/"), "outbound|8080||orders.shop.mesh"))),
        new VirtualHostConfig("catch-all", List.of("*"), List.of()))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      regex           | 'match: {safe_regex: {regex: ".*"}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.safe_regex: not supported (supported: prefix, path, case_sensitive)'
      headers         | 'match: {prefix: /, headers: [{name: x, present_match: true}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers: not supported (supported: prefix, path, case_sensitive)'
      no path         | 'match: {}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match: no path specifier (expected: prefix or path)'
      weighted        | 'match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 1}]}}' \
        | 'virtual_hosts[0].routes[0].route.weighted_clusters: not supported (supported: cluster)'
      timeout         | 'match: {prefix: /}, route: {cluster: c, timeout: 1s}' \
        | 'virtual_hosts[0].routes[0].route.timeout: not supported (supported: cluster)'
      retries         | 'match: {prefix: /}, route: {cluster: c, retry_policy: {num_retries: 2}}' \
        | 'virtual_hosts[0].routes[0].route.retry_policy: not supported (supported: cluster)'
      redirect        | 'match: {prefix: /}, redirect: {path_redirect: /x}' \
        | 'virtual_hosts[0].routes[0].redirect: not supported (supported: name, match, route)'
      direct response | 'match: {prefix: /}, direct_response: {status: 200}' \
        | 'virtual_hosts[0].routes[0].direct_response: not supported (supported: name, match, route)'
      no cluster      | 'match: {prefix: /}, route: {}' \
        | 'virtual_hosts[0].routes[0].route.cluster: missing (expected: a cluster name)'
      no action       | 'match: {prefix: /}' \
        | 'virtual_hosts[0].routes[0].route: missing (expected: a route to a cluster)'
      """)
  void rejectsWhatTrafficManagementWillBringLater(String shape, String route, String error) {
    RouteConfiguration routes = routes("""
        name: r
        virtual_hosts:
        - name: v
          domains: [a]
          routes:
          - {%s}
        """.formatted(route));

    assertThatThrownBy(() -> RouteConverter.convert(routes))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("RouteConfiguration r: " + error);
  }

  @Test
  void rejectsVirtualHostOptionsMissingDomainsAndDuplicateDomains() {
    assertThatThrownBy(() -> RouteConverter.convert(routes("""
        name: r
        virtual_hosts: [{name: v, domains: [a], require_tls: ALL}]
        """)))
        .hasMessage("RouteConfiguration r: virtual_hosts[0].require_tls: not supported "
            + "(supported: name, domains, routes)");
    assertThatThrownBy(() -> RouteConverter.convert(routes("""
        name: r
        virtual_hosts: [{name: v}]
        """)))
        .hasMessage("RouteConfiguration r: virtual_hosts[0].domains: missing "
            + "(expected: at least one domain)");
    assertThatThrownBy(() -> RouteConverter.convert(routes("""
        name: r
        virtual_hosts: [{name: v, domains: [a, b]}, {name: w, domains: [c, b]}]
        """)))
        .hasMessage("RouteConfiguration r: virtual_hosts[1].domains[1]: 'b' is already a domain "
            + "of virtual host 'v'");
    assertThatThrownBy(() -> RouteConverter.convert(routes("""
        name: r
        request_headers_to_add: [{header: {key: x, value: y}}]
        """)))
        .hasMessage("RouteConfiguration r: request_headers_to_add: not supported "
            + "(supported: name, virtual_hosts)");
  }

  private static RouteConfiguration routes(String yaml) {
    return YamlProtos.parse(yaml, RouteConfiguration.getDefaultInstance());
  }
}
