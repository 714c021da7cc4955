package io.meshbridge.proxy.dataplane.route;

import static io.meshbridge.proxy.testing.Requests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.RouteAction.Redirect;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import org.junit.jupiter.api.Test;

class RewritesTest {

  private static final PathMatch OLD = PathMatch.prefix("/old");

  @Test
  void prefixRewriteReplacesTheMatchedPrefixAndKeepsTheQuery() {
    assertThat(Rewrites.prefixRewrite(OLD, "/old/a?x=1", "/new")).isEqualTo("/new/a?x=1");
    assertThat(Rewrites.prefixRewrite(OLD, "/old", "/")).isEqualTo("/");
    assertThat(Rewrites.prefixRewrite(new PathMatch(PathMatch.Kind.PREFIX, "/OLD", false),
        "/old/b", "/x")).isEqualTo("/x/b");
  }

  @Test
  void redirectKeepsWhatItDoesNotReplace() {
    assertThat(Rewrites.redirectLocation(redirect("", "", 0, "", "", false), OLD,
        get("a.mesh:8080", "/old/x?q=1"))).isEqualTo("http://a.mesh:8080/old/x?q=1");
    assertThat(Rewrites.redirectLocation(redirect("https", "b.mesh", 0, "", "/new", false), OLD,
        get("a.mesh:8080", "/old/x?q=1"))).isEqualTo("https://b.mesh/new/x?q=1");
    assertThat(Rewrites.redirectLocation(redirect("", "", 9443, "/p", "", true), OLD,
        get("a.mesh:8080", "/old/x?q=1"))).isEqualTo("http://a.mesh:9443/p");
    // a path_redirect with a query replaces the request's query
    assertThat(Rewrites.redirectLocation(redirect("", "", 0, "/p?z=2", "", false), OLD,
        get("a.mesh", "/old?q=1"))).isEqualTo("http://a.mesh/p?z=2");
    assertThat(Rewrites.redirectLocation(redirect("", "", 81, "", "", false), OLD,
        get("[::1]", "/old"))).isEqualTo("http://[::1]:81/old");
  }

  private static Redirect redirect(
      String scheme, String host, int port, String path, String prefix, boolean strip) {
    return new Redirect(scheme, host, port, path, prefix, strip, 302);
  }
}
