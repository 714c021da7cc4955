package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.testing.Requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteEntry.PathMatch.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathMatcherTest {

  @Test
  void prefixMatch() {
    assertThat(PathMatcher.matches(PathMatch.prefix("/api"), "/api/orders")).isTrue();
    assertThat(PathMatcher.matches(PathMatch.prefix("/api"), "/api")).isTrue();
    assertThat(PathMatcher.matches(PathMatch.prefix("/api"), "/ap")).isFalse();
    assertThat(PathMatcher.matches(PathMatch.prefix("/api"), "/API/orders")).isFalse();
    assertThat(PathMatcher.matches(PathMatch.prefix("/"), "/anything")).isTrue();
  }

  @Test
  void caseInsensitivePrefix() {
    PathMatch m = new PathMatch(Kind.PREFIX, "/Api", false);
    assertThat(PathMatcher.matches(m, "/aPI/x")).isTrue();
    assertThat(PathMatcher.matches(m, "/apx")).isFalse();
  }

  @Test
  void exactPathMatch() {
    PathMatch m = new PathMatch(Kind.PATH, "/health", true);
    assertThat(PathMatcher.matches(m, "/health")).isTrue();
    assertThat(PathMatcher.matches(m, "/health/x")).isFalse();
    assertThat(PathMatcher.matches(m, "/Health")).isFalse();
    assertThat(PathMatcher.matches(new PathMatch(Kind.PATH, "/health", false), "/HEALTH")).isTrue();
  }

  @Test
  void firstMatchingRouteWins() {
    List<RouteEntry> routes =
        List.of(
            new RouteEntry(new PathMatch(Kind.PATH, "/api", true), "exact"),
            new RouteEntry(PathMatch.prefix("/api"), "api"),
            new RouteEntry(PathMatch.prefix("/"), "default"));
    assertThat(Requests.clusterOf(RouteMatcher.firstMatch(routes, Requests.get("h", "/api")))).isEqualTo("exact");
    assertThat(Requests.clusterOf(RouteMatcher.firstMatch(routes, Requests.get("h", "/api/v1")))).isEqualTo("api");
    assertThat(Requests.clusterOf(RouteMatcher.firstMatch(routes, Requests.get("h", "/web")))).isEqualTo("default");
    assertThat(RouteMatcher.firstMatch(routes.subList(0, 2), Requests.get("h", "/web"))).isNull();
  }
}
