package io.meshbridge.proxy.dataplane.route;

import static io.meshbridge.proxy.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.QueryMatch;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.StringMatch.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteMatcherTest {

  private static final RequestView REQ =
      request("POST", "orders.mesh:8080", "/api/v2/orders?debug&v=a%20b&v=c", "x-user", "Admin",
          "x-tag", "one", "x-tag", "two", "x-empty", "");

  @Test
  void regexPathMatchesTheWholePathOnly() {
    assertThat(PathMatcher.matches(PathMatch.regex("/api/v[0-9]+/.*"), "/api/v2/orders")).isTrue();
    assertThat(PathMatcher.matches(PathMatch.regex("/api/v[0-9]+"), "/api/v2/orders")).isFalse();
    assertThat(PathMatcher.matches(PathMatch.regex("v2"), "/api/v2")).isFalse();
  }

  @Test
  void headerStringMatches() {
    assertThat(header("x-user", StringMatch.exact("Admin"))).isTrue();
    assertThat(header("x-user", StringMatch.exact("admin"))).isFalse();
    assertThat(header("x-user", StringMatch.of(Kind.EXACT, "admin", true))).isTrue();
    assertThat(header("x-user", StringMatch.of(Kind.PREFIX, "Adm", false))).isTrue();
    assertThat(header("x-user", StringMatch.of(Kind.SUFFIX, "MIN", true))).isTrue();
    assertThat(header("x-user", StringMatch.of(Kind.CONTAINS, "dmi", false))).isTrue();
    assertThat(header("x-user", StringMatch.regex("A.*"))).isTrue();
    assertThat(header("x-user", StringMatch.regex("dm"))).isFalse(); // full match, as Envoy
    // several values are matched joined with ","
    assertThat(header("x-tag", StringMatch.exact("one,two"))).isTrue();
    assertThat(header("x-empty", StringMatch.exact(""))).isTrue();
  }

  @Test
  void pseudoHeaders() {
    assertThat(header(":method", StringMatch.exact("POST"))).isTrue();
    assertThat(header(":authority", StringMatch.exact("orders.mesh:8080"))).isTrue();
    assertThat(header(":path", StringMatch.of(Kind.PREFIX, "/api/v2/orders?", false))).isTrue();
    assertThat(header(":scheme", StringMatch.exact("http"))).isTrue();
  }

  @Test
  void presenceAndInversionFollowEnvoy() {
    assertThat(RouteMatcher.matches(new HeaderMatch("x-user", null, true, false), REQ)).isTrue();
    assertThat(RouteMatcher.matches(new HeaderMatch("x-none", null, true, false), REQ)).isFalse();
    assertThat(RouteMatcher.matches(new HeaderMatch("x-none", null, false, false), REQ)).isTrue();
    assertThat(RouteMatcher.matches(new HeaderMatch("x-user", null, false, false), REQ)).isFalse();
    assertThat(RouteMatcher.matches(new HeaderMatch("x-none", null, true, true), REQ)).isTrue();
    assertThat(RouteMatcher.matches(new HeaderMatch("x-user", null, true, true), REQ)).isFalse();
    HeaderMatch notAdmin = new HeaderMatch("x-user", StringMatch.exact("bob"), true, true);
    assertThat(RouteMatcher.matches(notAdmin, REQ)).isTrue();
    // a missing header never matches a value matcher, inverted or not
    HeaderMatch missing = new HeaderMatch("x-none", StringMatch.exact("bob"), true, true);
    assertThat(RouteMatcher.matches(missing, REQ)).isFalse();
  }

  @Test
  void queryParameters() {
    String q = REQ.query();
    assertThat(q).isEqualTo("debug&v=a%20b&v=c");
    assertThat(RouteMatcher.matches(new QueryMatch("debug", null), q)).isTrue();
    assertThat(RouteMatcher.matches(new QueryMatch("nope", null), q)).isFalse();
    // the first value, decoded
    assertThat(RouteMatcher.matches(new QueryMatch("v", StringMatch.exact("a b")), q)).isTrue();
    assertThat(RouteMatcher.matches(new QueryMatch("v", StringMatch.exact("c")), q)).isFalse();
    assertThat(RouteMatcher.matches(new QueryMatch("v", StringMatch.regex("a.*")), q)).isTrue();
    assertThat(RouteMatcher.matches(new QueryMatch("V", null), q)).isFalse();
  }

  @Test
  void everyMatcherOfARouteMustHold() {
    RouteMatch all =
        new RouteMatch(
            PathMatch.prefix("/api"),
            List.of(new HeaderMatch(":method", StringMatch.exact("POST"), true, false)),
            List.of(new QueryMatch("debug", null)));
    assertThat(RouteMatcher.matches(all, REQ)).isTrue();
    RouteMatch wrongMethod =
        new RouteMatch(
            PathMatch.prefix("/api"),
            List.of(new HeaderMatch(":method", StringMatch.exact("GET"), true, false)),
            List.of());
    assertThat(RouteMatcher.matches(wrongMethod, REQ)).isFalse();
    RouteMatch wrongPath = new RouteMatch(PathMatch.prefix("/web"), List.of(), List.of());
    assertThat(RouteMatcher.matches(wrongPath, REQ)).isFalse();
  }

  private static boolean header(String name, StringMatch value) {
    return RouteMatcher.matches(new HeaderMatch(name, value, true, false), REQ);
  }
}
