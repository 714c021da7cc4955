package io.meshbridge.proxy.dataplane.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualHostMatcherTest {

  private static VirtualHostConfig vhost(String name, String... domains) {
    return new VirtualHostConfig(name, List.of(domains), List.of());
  }

  private static String match(VirtualHostMatcher m, String host) {
    VirtualHostConfig v = m.match(host);
    return v == null ? "none" : v.name();
  }

  private final VirtualHostMatcher matcher =
      VirtualHostMatcher.of(
          List.of(
              vhost("exact", "orders.shop.mesh", "orders.shop.mesh:8080"),
              vhost("suffix", "*.shop.mesh"),
              vhost("longer-suffix", "*.eu.shop.mesh"),
              vhost("prefix", "orders.*"),
              vhost("longer-prefix", "orders.shop.*"),
              vhost("any", "*")));

  @Test
  void exactMatchWinsOverEveryWildcard() {
    assertThat(match(matcher, "orders.shop.mesh")).isEqualTo("exact");
  }

  @Test
  void hostWithPortIsMatchedAsGiven() {
    assertThat(match(matcher, "orders.shop.mesh:8080")).isEqualTo("exact");
    // not exact with this port: falls to the wildcards, which see the port as part of the host
    assertThat(match(matcher, "orders.shop.mesh:9090")).isEqualTo("longer-prefix");
  }

  @Test
  void longestSuffixWildcardWins() {
    assertThat(match(matcher, "a.eu.shop.mesh")).isEqualTo("longer-suffix");
    assertThat(match(matcher, "a.us.shop.mesh")).isEqualTo("suffix");
  }

  @Test
  void suffixWildcardsComeBeforePrefixWildcards() {
    assertThat(match(matcher, "orders.eu.shop.mesh")).isEqualTo("longer-suffix");
  }

  @Test
  void longestPrefixWildcardWins() {
    assertThat(match(matcher, "orders.shop.example")).isEqualTo("longer-prefix");
    assertThat(match(matcher, "orders.example")).isEqualTo("prefix");
  }

  @Test
  void starIsTheLastResort() {
    assertThat(match(matcher, "unknown.example")).isEqualTo("any");
    assertThat(match(matcher, "")).isEqualTo("any");
  }

  @Test
  void matchingIgnoresCase() {
    assertThat(match(matcher, "ORDERS.Shop.MESH")).isEqualTo("exact");
    VirtualHostMatcher upper = VirtualHostMatcher.of(List.of(vhost("u", "*.Shop.Mesh")));
    assertThat(match(upper, "a.shop.mesh")).isEqualTo("u");
  }

  @Test
  void wildcardNeverMatchesTheEmptyString() {
    VirtualHostMatcher m =
        VirtualHostMatcher.of(List.of(vhost("s", "*-bar.foo.com"), vhost("p", "foo-*")));
    assertThat(match(m, "baz-bar.foo.com")).isEqualTo("s");
    assertThat(match(m, "-bar.foo.com")).isEqualTo("none");
    assertThat(match(m, "foo-")).isEqualTo("none");
    assertThat(match(m, "foo-x")).isEqualTo("p");
  }

  @Test
  void noMatchWithoutStar() {
    VirtualHostMatcher m = VirtualHostMatcher.of(List.of(vhost("a", "a.mesh")));
    assertThat(m.match("b.mesh")).isNull();
  }

  @Test
  void firstDeclaredWinsOnDuplicatesAndTies() {
    VirtualHostMatcher m =
        VirtualHostMatcher.of(
            List.of(vhost("first", "a.mesh", "*.x.mesh"), vhost("second", "a.mesh", "*.y.mesh")));
    assertThat(match(m, "a.mesh")).isEqualTo("first");
    assertThat(match(m, "q.x.mesh")).isEqualTo("first");
    assertThat(match(m, "q.y.mesh")).isEqualTo("second");
  }
}
