package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.HeaderMutations.HeaderValue;
import io.meshbridge.proxy.config.QueryMatch;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteAction.WeightedCluster;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.time.Duration;
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

  @Test
  void convertsMatchersActionsAndHeaderChanges() throws Exception {
    RouteConfig routes = RouteConverter.convert(routes("""
        name: r
        virtual_hosts:
        - name: v
          domains: [a]
          request_headers_to_add: [{header: {key: x-vh, value: "100%%"}, append: false}]
          response_headers_to_remove: [server]
          routes:
          - match:
              safe_regex: {regex: "/v[0-9]+/.*"}
              headers:
              - {name: ":method", string_match: {exact: GET}}
              - {name: X-User, string_match: {prefix: adm, ignore_case: true}, invert_match: true}
              - {name: x-debug, present_match: true}
              - {name: x-canary, string_match: {safe_regex: {regex: "[ab]"}}}
              - {name: x-suffix, string_match: {suffix: z}}
              - {name: x-contains, string_match: {contains: mid}}
              query_parameters:
              - {name: debug, present_match: true}
              - {name: v, string_match: {exact: "2"}}
            route:
              weighted_clusters: {clusters: [{name: a, weight: 90}, {name: b, weight: 10}]}
              timeout: 0s
            request_headers_to_add:
            - {header: {key: x-r, value: "1"}, append_action: ADD_IF_ABSENT}
            request_headers_to_remove: [X-Secret]
            response_headers_to_add: [{header: {key: x-served-by, value: mesh}}]
          - match: {prefix: /old/}
            route: {cluster: c, timeout: 2.5s, prefix_rewrite: /new/, host_rewrite_literal: new.mesh}
          - match: {path: /gone}
            redirect: {https_redirect: true, host_redirect: b.mesh, port_redirect: 8443,
                       prefix_rewrite: /here, response_code: PERMANENT_REDIRECT, strip_query: true}
          - match: {prefix: /moved}
            redirect: {path_redirect: /new}
          - match: {prefix: /ping}
            direct_response: {status: 200, body: {inline_string: pong}}
        """));

    HeaderMutations none = HeaderMutations.NONE;
    assertThat(routes).isEqualTo(new RouteConfig("r", List.of(new VirtualHostConfig(
        "v",
        List.of("a"),
        List.of(
            new RouteEntry(
                new RouteMatch(
                    PathMatch.regex("/v[0-9]+/.*"),
                    List.of(
                        new HeaderMatch(":method", StringMatch.exact("GET"), true, false),
                        new HeaderMatch(
                            "x-user", StringMatch.of(StringMatch.Kind.PREFIX, "adm", true),
                            true, true),
                        new HeaderMatch("x-debug", null, true, false),
                        new HeaderMatch("x-canary", StringMatch.regex("[ab]"), true, false),
                        new HeaderMatch(
                            "x-suffix", StringMatch.of(StringMatch.Kind.SUFFIX, "z", false),
                            true, false),
                        new HeaderMatch(
                            "x-contains", StringMatch.of(StringMatch.Kind.CONTAINS, "mid", false),
                            true, false)),
                    List.of(
                        new QueryMatch("debug", null),
                        new QueryMatch("v", StringMatch.exact("2")))),
                new RouteAction.Forward(
                    List.of(new WeightedCluster("a", 90), new WeightedCluster("b", 10)),
                    Duration.ZERO, RetryPolicy.NONE, "", ""),
                new HeaderMutations(
                    List.of(new HeaderValue("x-r", "1", HeaderValue.Action.ADD_IF_ABSENT)),
                    List.of("x-secret"),
                    List.of(new HeaderValue("x-served-by", "mesh", HeaderValue.Action.APPEND)),
                    List.of())),
            new RouteEntry(
                RouteMatch.path(PathMatch.prefix("/old/")),
                new RouteAction.Forward(
                    List.of(new WeightedCluster("c", 1)), Duration.ofMillis(2500),
                    RetryPolicy.NONE, "/new/", "new.mesh"),
                none),
            new RouteEntry(
                RouteMatch.path(new PathMatch(PathMatch.Kind.PATH, "/gone", true)),
                new RouteAction.Redirect("https", "b.mesh", 8443, "", "/here", true, 308),
                none),
            new RouteEntry(
                RouteMatch.path(PathMatch.prefix("/moved")),
                new RouteAction.Redirect("", "", 0, "/new", "", false, 301),
                none),
            new RouteEntry(
                RouteMatch.path(PathMatch.prefix("/ping")),
                new RouteAction.DirectResponse(200, "pong"),
                none)),
        new HeaderMutations(
            List.of(new HeaderValue("x-vh", "100%", HeaderValue.Action.OVERWRITE)),
            List.of(), List.of(), List.of("server"))))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      header range    | 'match: {prefix: /, headers: [{name: x, range_match: {start: 1, end: 2}}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers[0].range_match: not supported (supported: name, string_match, present_match, invert_match)'
      header deprec.  | 'match: {prefix: /, headers: [{name: x, exact_match: y}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers[0].exact_match: not supported (supported: name, string_match, present_match, invert_match)'
      header no spec  | 'match: {prefix: /, headers: [{name: x}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers[0]: no match specifier (expected: string_match or present_match)'
      header pseudo   | 'match: {prefix: /, headers: [{name: ":status", present_match: true}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers[0].name: '':status'' is not supported (supported pseudo-headers: :method, :authority, :path, :scheme)'
      string custom   | 'match: {prefix: /, headers: [{name: x, string_match: {}}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers[0].string_match: no match pattern (expected: exact, prefix, suffix, contains or safe_regex)'
      empty prefix    | 'match: {prefix: /, headers: [{name: x, string_match: {prefix: ""}}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.headers[0].string_match.prefix: '''' (expected: a non-empty string, as Envoy)'
      regex ic        | 'match: {prefix: /, query_parameters: [{name: q, string_match: {safe_regex: {regex: a}, ignore_case: true}}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.query_parameters[0].string_match.ignore_case: true (expected: false with safe_regex, as Envoy)'
      query absent    | 'match: {prefix: /, query_parameters: [{name: q, present_match: false}]}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.query_parameters[0].present_match: false (expected: true; Envoy rejects false)'
      lookahead       | 'match: {safe_regex: {regex: "/a(?=b)"}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.safe_regex.regex: ''/a(?=b)'' uses lookahead ''(?='' (expected: RE2 syntax)'
      lookbehind      | 'match: {safe_regex: {regex: "(?<!x)/a"}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.safe_regex.regex: ''(?<!x)/a'' uses lookbehind ''(?<!'' (expected: RE2 syntax)'
      backref         | 'match: {safe_regex: {regex: "/(a)\\\\1"}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.safe_regex.regex: ''/(a)\\1'' uses a backreference ''\\1'' (expected: RE2 syntax)'
      possessive      | 'match: {safe_regex: {regex: "/a++"}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.safe_regex.regex: ''/a++'' uses a possessive quantifier (expected: RE2 syntax)'
      bad regex       | 'match: {safe_regex: {regex: "/a("}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.safe_regex.regex: ''/a('' is invalid: Unclosed group at index 3'
      no path         | 'match: {}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match: no path specifier (expected: prefix, path or safe_regex)'
      grpc            | 'match: {prefix: /, grpc: {}}, route: {cluster: c}' \
        | 'virtual_hosts[0].routes[0].match.grpc: not supported (supported: prefix, path, safe_regex, case_sensitive, headers, query_parameters)'
      zero weights    | 'match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 0}]}}' \
        | 'virtual_hosts[0].routes[0].route.weighted_clusters.clusters: weights sum to 0 (expected: at least one positive weight)'
      total weight    | 'match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 1}], total_weight: 1}}' \
        | 'virtual_hosts[0].routes[0].route.weighted_clusters.total_weight: not supported (supported: clusters)'
      wc headers      | 'match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 1, request_headers_to_add: [{header: {key: a, value: b}}]}]}}' \
        | 'virtual_hosts[0].routes[0].route.weighted_clusters.clusters[0].request_headers_to_add: not supported (supported: name, weight)'
      neg timeout     | 'match: {prefix: /}, route: {cluster: c, timeout: -1s}' \
        | 'virtual_hosts[0].routes[0].route.timeout: -1s (expected: >= 0s, 0s for none)'
      two rewrites    | 'match: {prefix: /}, route: {cluster: c, prefix_rewrite: /x, regex_rewrite: {pattern: {regex: a}, substitution: b}}' \
        | 'virtual_hosts[0].routes[0].route.regex_rewrite: not allowed together with prefix_rewrite'
      rewrite no re   | 'match: {prefix: /}, route: {cluster: c, regex_rewrite: {substitution: b}}' \
        | 'virtual_hosts[0].routes[0].route.regex_rewrite.pattern: missing (expected: an RE2 regex)'
      rewrite lookbh  | 'match: {prefix: /}, route: {cluster: c, regex_rewrite: {pattern: {regex: "(?<=a)b"}, substitution: b}}' \
        | 'virtual_hosts[0].routes[0].route.regex_rewrite.pattern.regex: ''(?<=a)b'' uses lookbehind ''(?<='' (expected: RE2 syntax)'
      wc rewrite      | 'match: {prefix: /}, route: {cluster: c, regex_rewrite: {pattern: {regex: a}, substitution: b}, path_rewrite_policy: {name: x}}' \
        | 'virtual_hosts[0].routes[0].route.path_rewrite_policy: not supported (supported: cluster, weighted_clusters, timeout, prefix_rewrite, regex_rewrite, host_rewrite_literal, retry_policy, request_mirror_policies, hash_policy)'
      rewrite regex   | 'match: {safe_regex: {regex: "/a.*"}}, route: {cluster: c, prefix_rewrite: /b}' \
        | 'virtual_hosts[0].routes[0].route.prefix_rewrite: not supported with a safe_regex match (expected: a prefix or path match)'
      redirect regex  | 'match: {prefix: /}, redirect: {regex_rewrite: {pattern: {regex: a}, substitution: b}}' \
        | 'virtual_hosts[0].routes[0].redirect.regex_rewrite: not supported (supported: https_redirect, scheme_redirect, host_redirect, port_redirect, path_redirect, prefix_rewrite, response_code, strip_query)'
      direct 100      | 'match: {prefix: /}, direct_response: {status: 100}' \
        | 'virtual_hosts[0].routes[0].direct_response.status: 100 (expected: 200..599)'
      direct file     | 'match: {prefix: /}, direct_response: {status: 200, body: {filename: /etc/passwd}}' \
        | 'virtual_hosts[0].routes[0].direct_response.body.filename: not supported (supported: inline_string, inline_bytes)'
      header format   | 'match: {prefix: /}, route: {cluster: c}, request_headers_to_add: [{header: {key: x, value: "%DOWNSTREAM_REMOTE_ADDRESS%"}}]' \
        | 'virtual_hosts[0].routes[0].request_headers_to_add[0].header.value: ''%DOWNSTREAM_REMOTE_ADDRESS%'': %COMMAND% substitutions are not supported (expected: a literal value, %% for %)'
      remove host     | 'match: {prefix: /}, route: {cluster: c}, request_headers_to_remove: [Host]' \
        | 'virtual_hosts[0].routes[0].request_headers_to_remove[0]: ''Host'' (expected: a header name other than Host and pseudo-headers)'
      add pseudo      | 'match: {prefix: /}, route: {cluster: c}, response_headers_to_add: [{header: {key: ":status", value: "1"}}]' \
        | 'virtual_hosts[0].routes[0].response_headers_to_add[0].header.key: '':status'' (expected: a header name other than Host and pseudo-headers)'
      overwrite if    | 'match: {prefix: /}, route: {cluster: c}, response_headers_to_add: [{header: {key: a, value: b}, append_action: OVERWRITE_IF_EXISTS}]' \
        | 'virtual_hosts[0].routes[0].response_headers_to_add[0].append_action: OVERWRITE_IF_EXISTS is not supported (supported: APPEND_IF_EXISTS_OR_ADD, ADD_IF_ABSENT, OVERWRITE_IF_EXISTS_OR_ADD)'
      keep empty      | 'match: {prefix: /}, route: {cluster: c}, response_headers_to_add: [{header: {key: a, value: b}, keep_empty_value: true}]' \
        | 'virtual_hosts[0].routes[0].response_headers_to_add[0].keep_empty_value: not supported (supported: header, append, append_action)'
      no cluster      | 'match: {prefix: /}, route: {}' \
        | 'virtual_hosts[0].routes[0].route.cluster: missing (expected: a cluster name)'
      no action       | 'match: {prefix: /}' \
        | 'virtual_hosts[0].routes[0].route: missing (expected: route, direct_response or redirect)'
      decorator       | 'match: {prefix: /}, route: {cluster: c}, decorator: {operation: x}' \
        | 'virtual_hosts[0].routes[0].decorator: not supported (supported: name, match, route, direct_response, redirect, request_headers_to_add, request_headers_to_remove, response_headers_to_add, response_headers_to_remove, metadata, typed_per_filter_config)'
      """)
  void rejectsWhatTheDataPlaneDoesNotImplement(String shape, String route, String error) {
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
  void convertsARegexRewriteAndRejectsAGroupThePatternLacks() throws Exception {
    RouteConfig routes = RouteConverter.convert(routes("""
        name: r
        virtual_hosts:
        - name: v
          domains: [a]
          routes:
          - match: {path: /users/7/profile}
            route:
              cluster: c
              regex_rewrite: {pattern: {regex: "^/users/([0-9]+)/profile$"}, substitution: '/p/\\1'}
        """));
    RouteAction.Forward f =
        (RouteAction.Forward) routes.virtualHosts().get(0).routes().get(0).action();
    assertThat(f.regexRewrite()).isEqualTo(new io.meshbridge.proxy.config.PathRegexRewrite(
        new io.meshbridge.proxy.config.Regex("^/users/([0-9]+)/profile$"), "/p/\\1"));

    RouteConfiguration bad = routes("""
        name: r
        virtual_hosts:
        - name: v
          domains: [a]
          routes:
          - match: {prefix: /}
            route: {cluster: c, regex_rewrite: {pattern: {regex: "(a)"}, substitution: '\\2'}}
        """);
    assertThatThrownBy(() -> RouteConverter.convert(bad))
        .hasMessage("RouteConfiguration r: virtual_hosts[0].routes[0].route.regex_rewrite"
            + ".substitution: '\\2' (expected: \\N for a capture group 0..1 or \\\\ for a"
            + " backslash)");
  }

  @Test
  void rejectsVirtualHostOptionsMissingDomainsAndDuplicateDomains() {
    assertThatThrownBy(() -> RouteConverter.convert(routes("""
        name: r
        virtual_hosts: [{name: v, domains: [a], require_tls: ALL}]
        """)))
        .hasMessage("RouteConfiguration r: virtual_hosts[0].require_tls: not supported "
            + "(supported: name, domains, routes, request_headers_to_add, "
            + "request_headers_to_remove, response_headers_to_add, response_headers_to_remove)");
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
