package io.meshbridge.proxy.dataplane.rbac;

import static io.meshbridge.proxy.dataplane.rbac.RbacInputs.from;
import static io.meshbridge.proxy.dataplane.rbac.RbacInputs.get;
import static io.meshbridge.proxy.dataplane.rbac.RbacInputs.request;
import static io.meshbridge.proxy.dataplane.rbac.RbacInputs.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.StringMatch.Kind;
import io.meshbridge.proxy.config.rbac.Cidr;
import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RbacMatchersTest {

  private static final Permission ANY = new Permission.Any();
  private static final Permission NONE = new Permission.Not(ANY);

  @Test
  void setsOfPermissions() {
    RbacInput in = get("/");
    assertThat(RbacMatchers.matches(new Permission.And(List.of(ANY, ANY)), in)).isTrue();
    assertThat(RbacMatchers.matches(new Permission.And(List.of(ANY, NONE)), in)).isFalse();
    assertThat(RbacMatchers.matches(new Permission.Or(List.of(NONE, ANY)), in)).isTrue();
    assertThat(RbacMatchers.matches(new Permission.Or(List.of(NONE, NONE)), in)).isFalse();
    assertThat(RbacMatchers.matches(new Permission.Not(NONE), in)).isTrue();
    // Envoy's empty sets (the converter refuses them, as Envoy's validation): and = all of none.
    assertThat(RbacMatchers.matches(new Permission.And(List.of()), in)).isTrue();
    assertThat(RbacMatchers.matches(new Permission.Or(List.of()), in)).isFalse();
  }

  @ParameterizedTest(name = "{0} {1} on {2}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      EXACT    | /api        | /api           | true
      EXACT    | /api        | /api?x=1       | true
      EXACT    | /api        | /api/          | false
      EXACT    | /api        | /API           | false
      PREFIX   | /api        | /api           | true
      PREFIX   | /api        | /apis          | true
      PREFIX   | /api/       | /api           | false
      PREFIX   | /api        | /ap            | false
      SUFFIX   | .json       | /a.json        | true
      SUFFIX   | .json       | /a.json?b=.xml | true
      SUFFIX   | /a.json     | .json          | false
      SUFFIX   | .json       | /a.jsonx       | false
      CONTAINS | admin       | /x/admin/y     | true
      CONTAINS | admin       | /x/admi        | false
      """)
  void urlPathIsThePathWithoutQuery(Kind kind, String value, String target, boolean expected) {
    Permission p = new Permission.UrlPath(StringMatch.of(kind, value, false));
    assertThat(RbacMatchers.matches(p, get(target))).isEqualTo(expected);
  }

  @Test
  void urlPathIgnoringCaseAndRegex() {
    assertThat(RbacMatchers.matches(
        new Permission.UrlPath(StringMatch.of(Kind.PREFIX, "/API", true)), get("/api/x"))).isTrue();
    assertThat(RbacMatchers.matches(
        new Permission.UrlPath(StringMatch.regex("/users/[0-9]+")), get("/users/42?x"))).isTrue();
    assertThat(RbacMatchers.matches(
        new Permission.UrlPath(StringMatch.regex("/users/[0-9]+")), get("/users/42/x"))).isFalse();
  }

  @Test
  void pseudoHeaders() {
    RbacInput in = request("POST", "orders.shop:8080", "/a?b=c", new DefaultHttpHeaders());
    assertThat(header(":method", StringMatch.exact("POST"), false, in)).isTrue();
    assertThat(header(":method", StringMatch.exact("GET"), false, in)).isFalse();
    assertThat(header(":authority", StringMatch.of(Kind.PREFIX, "ORDERS.", true), false, in))
        .isTrue();
    assertThat(header(":authority", StringMatch.of(Kind.PREFIX, "ORDERS.", false), false, in))
        .isFalse();
    assertThat(header(":path", StringMatch.exact("/a?b=c"), false, in)).isTrue();
  }

  @Test
  void headersWithInvertAndPresence() {
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    h.add("x-team", "blue");
    h.add("x-team", "red");
    RbacInput in = request("GET", "h", "/", h);
    assertThat(header("x-team", StringMatch.exact("blue,red"), false, in)).isTrue();
    assertThat(header("x-team", StringMatch.of(Kind.CONTAINS, "red", false), false, in)).isTrue();
    assertThat(header("x-team", StringMatch.of(Kind.SUFFIX, "red", false), true, in)).isFalse();
    assertThat(header("x-team", StringMatch.exact("green"), true, in)).isTrue();
    // A missing header never matches a value matcher, inverted or not (Envoy).
    assertThat(header("x-other", StringMatch.exact("green"), false, in)).isFalse();
    assertThat(header("x-other", StringMatch.exact("green"), true, in)).isFalse();
    assertThat(presence("x-team", true, false, in)).isTrue();
    assertThat(presence("x-other", true, false, in)).isFalse();
    assertThat(presence("x-other", true, true, in)).isTrue();
    assertThat(presence("x-team", true, true, in)).isFalse();
  }

  @Test
  void aTcpConnectionHasNoHeadersAndNoPath() {
    RbacInput in = tcp("127.0.0.2", "127.0.0.1", 9000);
    assertThat(header(":method", StringMatch.exact("GET"), false, in)).isFalse();
    assertThat(header(":method", StringMatch.exact("GET"), true, in)).isFalse();
    assertThat(presence("x-a", true, false, in)).isFalse();
    assertThat(presence("x-a", true, true, in)).isTrue();
    assertThat(RbacMatchers.matches(
        new Permission.UrlPath(StringMatch.of(Kind.PREFIX, "/", false)), in)).isFalse();
    assertThat(RbacMatchers.matches(
        new Principal.Header(new HeaderMatch("x-a", StringMatch.exact("1"), true, false)), in))
        .isFalse();
  }

  @Test
  void destinationPortAndIp() {
    RbacInput in = tcp("127.0.0.2", "127.0.0.1", 9000);
    assertThat(RbacMatchers.matches(new Permission.DestinationPort(9000), in)).isTrue();
    assertThat(RbacMatchers.matches(new Permission.DestinationPort(9001), in)).isFalse();
    assertThat(RbacMatchers.matches(
        new Permission.DestinationIp(Cidr.of("127.0.0.0", 8)), in)).isTrue();
    assertThat(RbacMatchers.matches(
        new Permission.DestinationIp(Cidr.of("127.0.0.2", 32)), in)).isFalse();
    RbacInput noSocket = new RbacInput(null, null, null, null);
    assertThat(RbacMatchers.matches(new Permission.DestinationPort(0), noSocket)).isFalse();
    assertThat(RbacMatchers.matches(new Principal.RemoteIp(
        Principal.RemoteIp.Kind.REMOTE_IP, Cidr.of("0.0.0.0", 0)), noSocket)).isFalse();
  }

  @ParameterizedTest(name = "{0}/{1} contains {2}: {3}")
  @CsvSource(textBlock = """
      127.0.0.0,   24,  127.0.0.3,            true
      127.0.0.0,   24,  127.0.1.3,            false
      127.0.0.2,   32,  127.0.0.2,            true
      127.0.0.2,   32,  127.0.0.3,            false
      127.0.0.9,   31,  127.0.0.8,            true
      10.16.0.0,   12,  10.31.255.255,        true
      10.16.0.0,   12,  10.32.0.0,            false
      0.0.0.0,     0,   203.0.113.9,          true
      0.0.0.0,     0,   ::1,                  false
      ::1,         128, ::1,                  true
      ::1,         128, ::2,                  false
      2001:db8::,  32,  2001:db8:ffff::1,     true
      2001:db8::,  32,  2001:db9::1,          false
      2001:db8::,  33,  2001:db8:8000::1,     false
      ::,          0,   ::1,                  true
      ::,          0,   127.0.0.1,            false
      ::ffff:0:0,  96,  127.0.0.1,            true
      ::ffff:127.0.0.0, 104, 127.0.0.1,       true
      ::ffff:127.0.0.0, 104, 10.0.0.1,        false
      ::ffff:0:0,  95,  127.0.0.1,            false
      """)
  void cidrRanges(String prefix, int len, String address, boolean expected) {
    Principal p = new Principal.RemoteIp(Principal.RemoteIp.Kind.DIRECT_REMOTE_IP,
        Cidr.of(prefix, len));
    assertThat(RbacMatchers.matches(p, from(address, null))).isEqualTo(expected);
  }

  @Test
  void authenticatedNeedsTlsAndMatchesTheUriSan() {
    String orders = "spiffe://cluster.local/ns/shop/sa/orders";
    Principal any = new Principal.Authenticated(null);
    Principal shop = new Principal.Authenticated(
        StringMatch.of(Kind.PREFIX, "spiffe://cluster.local/ns/shop/", false));
    Principal exact = new Principal.Authenticated(StringMatch.exact(orders));
    assertThat(RbacMatchers.matches(any, from("127.0.0.2", null))).isFalse();
    assertThat(RbacMatchers.matches(shop, from("127.0.0.2", null))).isFalse();
    assertThat(RbacMatchers.matches(any, from("127.0.0.2", orders))).isTrue();
    assertThat(RbacMatchers.matches(shop, from("127.0.0.2", orders))).isTrue();
    assertThat(RbacMatchers.matches(exact, from("127.0.0.2", orders))).isTrue();
    assertThat(RbacMatchers.matches(exact, from("127.0.0.2", orders + "x"))).isFalse();
    assertThat(RbacMatchers.matches(
        shop, from("127.0.0.2", "spiffe://cluster.local/ns/shopping/sa/x"))).isFalse();
    RbacInput noSan = new RbacInput(null, new InetSocketAddress("127.0.0.2", 1), null,
        new DownstreamPeer(null, "TLSv1.3"));
    assertThat(RbacMatchers.matches(any, noSan)).isTrue();
    assertThat(RbacMatchers.matches(shop, noSan)).isFalse();
  }

  @Test
  void setsOfPrincipals() {
    String orders = "spiffe://cluster.local/ns/shop/sa/orders";
    Principal tls = new Principal.Authenticated(null);
    Principal local = new Principal.RemoteIp(Principal.RemoteIp.Kind.SOURCE_IP,
        Cidr.of("127.0.0.2", 32));
    RbacInput in = from("127.0.0.2", orders);
    assertThat(RbacMatchers.matches(new Principal.And(List.of(tls, local)), in)).isTrue();
    assertThat(RbacMatchers.matches(new Principal.And(List.of(tls, local)), from("127.0.0.2", null)))
        .isFalse();
    assertThat(RbacMatchers.matches(new Principal.Or(List.of(tls, local)), from("127.0.0.2", null)))
        .isTrue();
    assertThat(RbacMatchers.matches(new Principal.Not(local), in)).isFalse();
    assertThat(RbacMatchers.matches(new Principal.Any(), in)).isTrue();
    assertThat(RbacMatchers.matches(
        new Principal.UrlPath(StringMatch.exact("/")), in)).isTrue();
  }

  private static boolean header(String name, StringMatch value, boolean invert, RbacInput in) {
    return RbacMatchers.matches(new Permission.Header(new HeaderMatch(name, value, true, invert)), in);
  }

  private static boolean presence(String name, boolean present, boolean invert, RbacInput in) {
    return RbacMatchers.matches(new Permission.Header(new HeaderMatch(name, null, present, invert)), in);
  }
}
