package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.MirrorPolicy;
import io.meshbridge.proxy.config.RouteAction;
import org.junit.jupiter.api.Test;

/** Route {@code request_mirror_policies}. */
class MirrorConverterTest {

  @Test
  void convertsMirrorsWithAndWithoutAFraction() throws Exception {
    RouteAction.Forward forward =
        (RouteAction.Forward) YamlProtos.convertOneRoute("""
            match: {prefix: /}
            route:
              cluster: c
              request_mirror_policies:
              - {cluster: shadow, runtime_fraction: {default_value: {numerator: 25}}}
              - {cluster: all}
            """).action();

    assertThat(forward.mirrors())
        .containsExactly(
            new MirrorPolicy("shadow", new Fraction(25, 100)),
            new MirrorPolicy("all", Fraction.ALL));
  }

  @Test
  void rejectsWhatItDoesNotImplement() {
    assertThatThrownBy(() -> YamlProtos.convertOneRoute("""
            match: {prefix: /}
            route: {cluster: c, request_mirror_policies: [{cluster_header: x-mirror}]}
            """))
        .hasMessage("RouteConfiguration r: virtual_hosts[0].routes[0].route"
            + ".request_mirror_policies[0].cluster_header: not supported "
            + "(supported: cluster, runtime_fraction)");
    assertThatThrownBy(() -> YamlProtos.convertOneRoute("""
            match: {prefix: /}
            route: {cluster: c, request_mirror_policies: [{runtime_fraction: {default_value: {}}}]}
            """))
        .hasMessage("RouteConfiguration r: virtual_hosts[0].routes[0].route"
            + ".request_mirror_policies[0].cluster: missing (expected: a cluster name)");
  }
}
