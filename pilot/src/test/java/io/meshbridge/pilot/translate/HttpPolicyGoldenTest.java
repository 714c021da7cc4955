package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden test of the VirtualService HTTP fields beyond match and route: headers, rewrite,
 * redirect, direct response, query parameters, fault, mirrors, CORS and the Meshbridge
 * annotations (see {@link GoldenFiles} to regenerate).
 */
class HttpPolicyGoldenTest {

  static final String POLICY =
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: reviews
        namespace: shop
        annotations:
          meshbridge.io/retry-non-idempotent: "true"
          meshbridge.io/local-rate-limit.limited: 100/1s,burst=200
          kubectl.kubernetes.io/last-applied-configuration: "{}"
      spec:
        hosts: [reviews]
        http:
        - name: moved
          match: [{uri: {prefix: /old}}]
          redirect: {uri: /new, authority: new.example.com, port: 8443, scheme: https, redirectCode: 308}
        - name: teapot
          match: [{uri: {exact: /teapot}}]
          directResponse: {status: 418, body: {string: "short and stout"}}
        - name: derived
          match: [{uri: {prefix: /Docs}, ignoreUriCase: true}]
          redirect: {scheme: https, derivePort: FROM_REQUEST_PORT}
        - name: regex-rewritten
          match: [{uri: {prefix: /users/}}]
          rewrite: {uriRegexRewrite: {match: '^/users/([0-9]+)/profile$', rewrite: '/profiles/\\1'}}
          route: [{destination: {host: reviews}}]
        - name: rewritten
          match:
          - uri: {prefix: /api/v1}
            queryParams: {debug: {exact: "1"}, user: {regex: "[a-z]+"}}
          - uri: {exact: /legacy.html}
          - uri: {regex: "/r/[0-9]+"}
          rewrite: {uri: /v2, authority: reviews-v2.shop}
          route: [{destination: {host: reviews, subset: v2}, headers: {request: {set: {x-dest: v2}}}}]
          headers:
            request: {set: {x-route: rewritten}, add: {x-trace: "on"}, remove: [x-debug]}
            response: {set: {cache-control: no-store}, remove: [server]}
          retries: {attempts: 2, retryRemoteLocalities: true}
        - name: limited
          match: [{headers: {x-chaos: {exact: "yes"}}}]
          fault:
            delay: {fixedDelay: 2s, percentage: {value: 12.5}}
            abort: {grpcStatus: UNAVAILABLE, percentage: {value: 1}}
          corsPolicy:
            allowOrigins: [{exact: "https://shop.example.com"}, {regex: "https://.*[.]example[.]org"}]
            allowMethods: [GET, POST]
            allowHeaders: [x-user]
            exposeHeaders: [x-request-id]
            maxAge: 24h
            allowCredentials: true
            unmatchedPreflights: IGNORE
          route:
          - destination: {host: reviews, subset: v1}
            weight: 80
            headers: {response: {add: {x-version: v1}}}
          - destination: {host: reviews, subset: v2}
            weight: 20
            headers: {request: {remove: [x-canary]}}
          mirror: {host: ratings}
          mirrorPercentage: {value: 5}
        - name: mirrored
          route: [{destination: {host: reviews}}]
          mirrors:
          - {destination: {host: ratings}, percentage: {value: 50}}
          - {destination: {host: reviews, subset: v1}}
          - {destination: {host: ratings}, percentage: {value: 0}}
          fault: {abort: {httpStatus: 503}}
      """;

  @Test
  void httpRouteFields() throws InvalidProtocolBufferException {
    XdsResources r = translate(POLICY);

    assertThat(r.problems()).isEmpty();
    List<Route> routes =
        r.routes().get(0).getVirtualHostsList().stream()
            .filter(v -> v.getName().startsWith("reviews"))
            .findFirst().orElseThrow().getRoutesList();
    assertThat(routes).extracting(Route::getName).containsExactly(
        "moved", "teapot", "derived", "regex-rewritten", "rewritten", "rewritten", "rewritten",
        "limited", "mirrored");
    assertThat(routes.get(0).getMatch().hasCaseSensitive()).isFalse();
    assertThat(routes.get(2).getMatch().getCaseSensitive().getValue()).isFalse();
    assertThat(routes.get(2).getRedirect().getPortRedirect())
        .as("derivePort FROM_REQUEST_PORT: the listener's port").isEqualTo(8080);
    assertThat(routes.get(0).getRedirect().getPortRedirect()).isEqualTo(8443);
    assertThat(routes.get(3).getRoute().getRegexRewrite().getPattern().getRegex())
        .isEqualTo("^/users/([0-9]+)/profile$");
    assertThat(routes.get(3).getRoute().getRegexRewrite().getSubstitution())
        .isEqualTo("/profiles/\\1");
    assertThat(routes.get(4).getRoute().getPrefixRewrite()).isEqualTo("/v2");
    assertThat(routes.get(4).getRoute().getRetryPolicy().getRetryPriority().getName())
        .isEqualTo("envoy.retry_priorities.previous_priorities");
    assertThat(routes.get(8).getRoute().hasRetryPolicy()).isFalse();
    assertThat(routes.get(5).getRoute().getRegexRewrite().getPattern().getRegex())
        .isEqualTo("^/legacy\\.html$");
    assertThat(routes.get(8).getRoute().getRequestMirrorPoliciesList())
        .as("a 0 %% mirror is left out, as Istio does").hasSize(2);
    assertThat(filters(r.listeners().get(0))).containsExactly(
        RouteFilters.CORS, RouteFilters.FAULT, RouteFilters.LOCAL_RATE_LIMIT,
        HttpConnectionManagers.ROUTER_NAME);
    GoldenFiles.assertMatches("http-policy", r);
  }

  @Test
  void listenersOfPortsWithoutFiltersGetOnlyTheRouter() throws InvalidProtocolBufferException {
    String plain =
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews}}], retries: {attempts: 1}}]
        """;
    XdsResources r = translate(plain);
    assertThat(filters(r.listeners().get(0))).containsExactly(HttpConnectionManagers.ROUTER_NAME);
    assertThat(r.routes().get(0).getVirtualHosts(1).getRoutes(0).hasMetadata()).isFalse();
  }

  private static XdsResources translate(String yaml) {
    return Translator.translate(
        PolicyTranslatorGoldenTest.model(), PolicyFixtures.accepted(yaml), PolicyFixtures.SIDECAR);
  }

  private static List<String> filters(Listener listener) throws InvalidProtocolBufferException {
    return listener.getFilterChains(0).getFilters(0).getTypedConfig()
        .unpack(HttpConnectionManager.class).getHttpFiltersList().stream()
        .map(HttpFilter::getName).toList();
  }
}
