package io.meshbridge.pilot.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

  static final String REVIEWS =
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews]
        http:
        - name: jason
          match:
          - headers: {end-user: {exact: jason}}
            uri: {prefix: /api}
            method: {exact: GET}
          route:
          - destination: {host: reviews.shop.svc.cluster.local, subset: v2}
          timeout: 1.5s
          retries: {attempts: 3, perTryTimeout: 250ms, retryOn: "5xx,503"}
        - route:
          - destination: {host: reviews, subset: v1, port: {number: 8080}}
            weight: 75
          - destination: {host: reviews.shop, subset: v2}
            weight: 25
      ---
      apiVersion: networking.istio.io/v1beta1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      """;

  @Test
  void readsTheSupportedFields() {
    PolicyParser.Result result = PolicyParser.parse("reviews.yaml", REVIEWS);

    assertThat(result.rejections()).isEmpty();
    VirtualService vs = (VirtualService) result.resources().get(0);
    assertThat(vs.describe()).isEqualTo("VirtualService shop/reviews");
    assertThat(vs.source()).isEqualTo("reviews.yaml#1");
    assertThat(vs.hosts()).containsExactly("reviews.shop.mesh");
    HttpRoute jason = vs.http().get(0);
    assertThat(jason.matches().get(0).headers())
        .containsEntry("end-user", new StringMatch(StringMatch.Kind.EXACT, "jason"));
    assertThat(jason.matches().get(0).uri())
        .isEqualTo(new StringMatch(StringMatch.Kind.PREFIX, "/api"));
    assertThat(jason.destinations())
        .containsExactly(new Destination("reviews.shop.mesh", "v2", 0, 0));
    assertThat(jason.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(jason.retries())
        .isEqualTo(new Retries(3, Duration.ofMillis(250), java.util.List.of("5xx", "503")));
    assertThat(vs.http().get(1).destinations())
        .containsExactly(
            new Destination("reviews.shop.mesh", "v1", 8080, 75),
            new Destination("reviews.shop.mesh", "v2", 0, 25));
    DestinationRule dr = (DestinationRule) result.resources().get(1);
    assertThat(dr.host()).isEqualTo("reviews.shop.mesh");
    assertThat(dr.trafficPolicy().loadBalancer().simple()).isEqualTo(TrafficPolicy.Simple.LEAST_REQUEST);
    assertThat(dr.subsets()).extracting(DestinationRule.Subset::name).containsExactly("v1", "v2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http: [{route: [{destination: {host: r}}], delegate: {name: m}}]"
            + "|spec.http[0].delegate: not supported",
        "http: [{route: [{destination: {host: r}}], mirror: {host: m}, mirrors: []}]"
            + "|spec.http[0].mirrors: not allowed together with mirror",
        "http: [{route: [{destination: {host: r}}], redirect: {uri: /x}}]"
            + "|spec.http[0].route: not allowed together with redirect",
        "http: [{redirect: {uri: /x, redirectCode: 300}}]"
            + "|spec.http[0].redirect.redirectCode: 300 (expected: 301, 302, 303, 307 or 308)",
        "http: [{directResponse: {status: 200, body: {bytes: eA==}}}]"
            + "|spec.http[0].directResponse.body.bytes: not supported",
        "http: [{route: [{destination: {host: r}}], fault: {abort: {httpStatus: 503, grpcStatus: X}}}]"
            + "|spec.http[0].fault.abort: expected exactly one of httpStatus, grpcStatus",
        "http: [{route: [{destination: {host: r}}], fault: {delay: {fixedDelay: 1s, percent: 5}}}]"
            + "|spec.http[0].fault.delay.percent: not supported",
        "http: [{route: [{destination: {host: r}}], fault: {abort: {grpcStatus: NOPE}}}]"
            + "|spec.http[0].fault.abort.grpcStatus: 'NOPE'",
        "http: [{route: [{destination: {host: r}}], headers: {request: {set: {':path': /}}}}]"
            + "|spec.http[0].headers.request.set.:path: ':path' (expected: a header name",
        "http: [{route: [{destination: {host: r}}], corsPolicy: {allowOrigin: [x]}}]"
            + "|spec.http[0].corsPolicy.allowOrigin: not supported",
        "http: [{route: [{destination: {host: r}}], corsPolicy: {allowOrigins: [{regex: '(?<=a)'}]}}]"
            + "|spec.http[0].corsPolicy.allowOrigins[0].regex: '(?<=a)': lookbehind",
        "http: [{route: [{destination: {host: r}}], mirrorPercentage: {value: 5}}]"
            + "|spec.http[0].mirrorPercentage: needs mirror",
        "http: [{route: [{destination: {host: r}}], mirror: {host: m}, mirrorPercentage: {value: 101}}]"
            + "|spec.http[0].mirrorPercentage.value: 101 (expected: 0.0..100.0)",
        "http: [{match: [{queryParams: {a: {regex: 'x\\1'}}}], route: [{destination: {host: r}}]}]"
            + "|spec.http[0].match[0].queryParams.a.regex: 'x\\1': a backreference",
        "exportTo: [.]|spec.exportTo: not supported",
        "tcp: [{match: [{sourceSubnet: 10.0.0.0/8}], route: [{destination: {host: r}}]}]"
            + "|spec.tcp[0].match[0].sourceSubnet: not supported",
        "tls: [{match: [{port: 443}], route: [{destination: {host: r}}]}]"
            + "|spec.tls[0].match[0].sniHosts: required",
        "tcp: [{route: [{destination: {host: r}, weight: 50}, {destination: {host: r}, weight: 40}]}]"
            + "|spec.tcp[0].route: weights add up to 90 (expected: 100)",
        "http: [{match: [{uri: {regex: '/A.*'}, ignoreUriCase: true}], route: [{destination: {host: r}}]}]"
            + "|spec.http[0].match[0].ignoreUriCase: not supported with a regex uri",
        "http: [{route: [{destination: {host: r}}], rewrite: {uri: /a, uriRegexRewrite: {match: a, rewrite: b}}}]"
            + "|spec.http[0].rewrite.uriRegexRewrite: not allowed together with uri",
        "http: [{route: [{destination: {host: r}}], rewrite: {uriRegexRewrite: {match: '(?<=a)', rewrite: b}}}]"
            + "|spec.http[0].rewrite.uriRegexRewrite.match: '(?<=a)': lookbehind",
        "http: [{route: [{destination: {host: r}}], rewrite: {uriRegexRewrite: {match: a}}}]"
            + "|spec.http[0].rewrite.uriRegexRewrite.rewrite: required",
        "http: [{redirect: {uri: /x, port: 80, derivePort: FROM_REQUEST_PORT}}]"
            + "|spec.http[0].redirect.derivePort: not allowed together with port",
        "http: [{redirect: {uri: /x, derivePort: SOMEWHERE}}]"
            + "|spec.http[0].redirect.derivePort: 'SOMEWHERE' (expected: FROM_PROTOCOL_DEFAULT or",
        "http: [{route: [{destination: {host: r}, weight: 60}, {destination: {host: r}, weight: 30}]}]"
            + "|spec.http[0].route: weights add up to 90 (expected: 100)",
        "http: [{match: [{uri: {regex: '(?=a)b'}}], route: [{destination: {host: r}}]}]"
            + "|spec.http[0].match[0].uri.regex: '(?=a)b': lookahead '(?=' is not RE2 syntax",
        "http: [{match: [{uri: {regex: '(a'}}], route: [{destination: {host: r}}]}]"
            + "|spec.http[0].match[0].uri.regex: '(a' is not a valid regex",
        "http: [{match: [{uri: {exact: /a, prefix: /b}}], route: [{destination: {host: r}}]}]"
            + "|spec.http[0].match[0].uri: expected exactly one of exact, prefix, regex",
        "http: [{route: [{destination: {host: r}}], timeout: 5 seconds}]"
            + "|spec.http[0].timeout: '5 seconds' (expected: a duration",
        "http: [{route: [{destination: {host: r}}], retries: {attempts: 2, retryOn: bogus}}]"
            + "|spec.http[0].retries.retryOn: 'bogus'",
        "gateways: [my-gateway]|spec.gateways[0]: 'my-gateway': gateways are not supported",
        "http: [{route: []}]|spec.http[0].route: required",
        "http: [{route: [{destination: {host: r, port: {name: http}}}]}]"
            + "|spec.http[0].route[0].destination.port.name: not supported",
      })
  void rejectsNamingTheFieldPath(String spec, String expected) {
    String yaml =
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
            + "metadata: {name: reviews, namespace: shop}\nspec:\n  hosts: [reviews]\n  "
            + spec + "\n";

    PolicyParser.Result result = PolicyParser.parse("vs.yaml", yaml);

    assertThat(result.resources()).isEmpty();
    assertThat(result.rejections()).singleElement().asString()
        .startsWith("VirtualService shop/reviews: " + expected);
  }

  @Test
  void destinationRuleRejections() {
    String yaml =
        """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec:
          host: reviews
          trafficPolicy: {loadBalancer: {simple: LEAST_LATENCY}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: ratings}
        spec:
          host: ratings
          trafficPolicy: {tls: {mode: SIMPLE, credentialName: x}}
        ---
        apiVersion: networking.istio.io/v1alpha1
        kind: DestinationRule
        metadata: {name: old}
        spec: {host: old}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec: {}
        """;

    assertThat(PolicyParser.parse("dr.yaml", yaml).rejections())
        .extracting(Rejection::toString)
        .containsExactly(
            "DestinationRule shop/reviews: spec.trafficPolicy.loadBalancer.simple: 'LEAST_LATENCY'"
                + " (expected: ROUND_ROBIN, LEAST_REQUEST, RANDOM or PASSTHROUGH) (dr.yaml#1)",
            "DestinationRule default/ratings: spec.trafficPolicy.tls.credentialName: not supported"
                + " (no Kubernetes secrets over SDS yet; expected: clientCertificate, privateKey"
                + " and caCertificates files) (dr.yaml#2)",
            "DestinationRule default/old: apiVersion: 'networking.istio.io/v1alpha1'"
                + " (expected: networking.istio.io/v1, v1beta1 or v1alpha3) (dr.yaml#3)",
            "Gateway default/gw: kind: 'Gateway' (expected: VirtualService, DestinationRule,"
                + " ServiceEntry, WorkloadEntry, WorkloadGroup, PeerAuthentication or"
                + " AuthorizationPolicy) (dr.yaml#4)");
  }

  @Test
  void oneBadDocumentDoesNotStopTheOthers() {
    String bad = REVIEWS.replace("timeout: 1.5s", "timeout: 1.5s\n    delegate: {}");
    PolicyParser.Result result = PolicyParser.parse("reviews.yaml", bad);
    assertThat(result.resources()).singleElement().isInstanceOf(DestinationRule.class);
    assertThat(result.rejections()).singleElement().asString()
        .isEqualTo("VirtualService shop/reviews: spec.http[0].delegate: not supported (reviews.yaml#1)");
  }

  @Test
  void notYamlIsAFileError() {
    assertThatThrownBy(() -> PolicyParser.parse("x.yaml", "a: [1, 2\nb: c\n"))
        .isInstanceOf(InvalidPolicyFileException.class)
        .hasMessageStartingWith("x.yaml: line ");
  }

  @Test
  void hostsResolveLikeIstio() {
    assertThat(Hosts.normalize("reviews", "shop")).isEqualTo("reviews.shop.mesh");
    assertThat(Hosts.normalize("reviews.shop", "x")).isEqualTo("reviews.shop.mesh");
    assertThat(Hosts.normalize("reviews.shop.svc.cluster.local", "x")).isEqualTo("reviews.shop.mesh");
    assertThat(Hosts.normalize("reviews.shop.mesh", "x")).isEqualTo("reviews.shop.mesh");
    assertThat(Hosts.normalize("www.Example.com", "x")).isEqualTo("www.example.com");
  }
}
