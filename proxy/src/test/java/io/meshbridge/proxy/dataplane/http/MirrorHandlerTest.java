package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.drain;
import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.OK;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.MirrorPolicy;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Request mirroring on the embedded handler. */
@ExtendWith(LeakCheck.class)
class MirrorHandlerTest {

  private final ProxyHarness h =
      new ProxyHarness(
          TestRoutes.base()
              .routes(
                  "rt",
                  vhost(
                      "web",
                      List.of("web.mesh"),
                      new RouteEntry(
                          RouteMatch.path(PathMatch.prefix("/")),
                          new RouteAction.Forward(
                              List.of(new RouteAction.WeightedCluster("web", 1)), null,
                              RetryPolicy.NONE, "", "",
                              List.of(new MirrorPolicy("shadow", Fraction.ALL))),
                          HeaderMutations.NONE)))
              .cluster("shadow", endpoint("10.0.9.9", 80))
              .build());

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aCopyWithAShadowHostGoesOutOnceTheRequestIsCompleteAndItsResponseIsDropped() {
    h.send("PUT /m HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 6\r\n\r\nmirror");
    assertThat(h.connector.keys)
        .containsExactly(
            new UpstreamKey("web", "10.0.1.1", 80), new UpstreamKey("shadow", "10.0.9.9", 80));
    EmbeddedChannel main = h.connector.channels.get(0);
    EmbeddedChannel shadow = h.connector.channels.get(1);
    assertThat(drain(shadow))
        .startsWith("PUT /m HTTP/1.1\r\n")
        .contains("host: web.mesh-shadow")
        .endsWith("\r\n\r\nmirror");
    assertThat(drain(main)).containsIgnoringCase("host: web.mesh\r\n").endsWith("mirror");
    respond(shadow, "HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nnope");
    respond(main, OK);
    assertThat(h.received()).startsWith("HTTP/1.1 200 OK").endsWith("ok").doesNotContain("nope");
    assertThat(h.idle("shadow", "10.0.9.9", 80)).isEqualTo(1); // kept for the next copy
  }

  @Test
  void aClientThatLeavesBeforeTheBodyEndsMirrorsNothing() {
    h.send("PUT /m HTTP/1.1\r\nHost: web.mesh\r\nContent-Length: 6\r\n\r\nmir");
    h.downstream.close();
    assertThat(h.connector.keys).containsExactly(new UpstreamKey("web", "10.0.1.1", 80));
  }

  @Test
  void shadowHostKeepsThePort() {
    assertThat(Mirror.shadow("a.mesh:8080")).isEqualTo("a.mesh-shadow:8080");
    assertThat(Mirror.shadow("a.mesh")).isEqualTo("a.mesh-shadow");
    assertThat(Mirror.shadow("[::1]:80")).isEqualTo("[::1]-shadow:80");
    assertThat(Mirror.shadow("[::1]")).isEqualTo("[::1]-shadow");
  }
}
