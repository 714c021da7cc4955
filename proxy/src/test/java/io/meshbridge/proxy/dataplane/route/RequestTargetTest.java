package io.meshbridge.proxy.dataplane.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

  @Test
  void pathDropsQueryAndFragment() {
    assertThat(RequestTarget.path("/a/b?x=1")).isEqualTo("/a/b");
    assertThat(RequestTarget.path("/a#frag")).isEqualTo("/a");
    assertThat(RequestTarget.path("/")).isEqualTo("/");
    assertThat(RequestTarget.path("*")).isEqualTo("*");
  }

  @Test
  void absoluteFormGivesAuthorityAndOriginForm() {
    assertThat(RequestTarget.authority("http://orders.mesh:8080/a?q"))
        .isEqualTo("orders.mesh:8080");
    assertThat(RequestTarget.originForm("http://orders.mesh:8080/a?q")).isEqualTo("/a?q");
    assertThat(RequestTarget.path("http://orders.mesh:8080/a?q")).isEqualTo("/a");
    assertThat(RequestTarget.originForm("http://orders.mesh")).isEqualTo("/");
    assertThat(RequestTarget.originForm("http://orders.mesh?q=1")).isEqualTo("/?q=1");
  }

  @Test
  void originFormHasNoAuthority() {
    assertThat(RequestTarget.authority("/a")).isNull();
    assertThat(RequestTarget.authority("/redirect?to=http://x")).isNull();
    assertThat(RequestTarget.originForm("/a?b")).isEqualTo("/a?b");
  }
}
