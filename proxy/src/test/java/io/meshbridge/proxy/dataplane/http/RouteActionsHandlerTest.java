package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.dataplane.http.ProxyHarness.drain;
import static io.meshbridge.proxy.dataplane.http.ProxyHarness.respond;
import static io.meshbridge.proxy.dataplane.http.TestRoutes.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.HeaderMutations.HeaderValue;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteAction.WeightedCluster;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Direct responses, redirects, rewrites, header changes and no-timeout routes, embedded. */
@ExtendWith(LeakCheck.class)
class RouteActionsHandlerTest {

  private static final HeaderMutations RESPONSE_HEADERS =
      new HeaderMutations(
          List.of(new HeaderValue("x-by", "mesh", HeaderValue.Action.APPEND)),
          List.of(),
          List.of(new HeaderValue("x-resp", "1", HeaderValue.Action.OVERWRITE)),
          List.of("x-internal"));

  private final ProxyHarness h =
      new ProxyHarness(
          TestRoutes.base()
              .routes(
                  "rt",
                  new VirtualHostConfig(
                      "v",
                      List.of("*"),
                      List.of(
                          route("/ping", new RouteAction.DirectResponse(503, "down")),
                          route("/old", new RouteAction.Redirect("", "", 0, "/new", "", true, 302)),
                          new RouteEntry(
                              RouteMatch.path(PathMatch.prefix("/a/")),
                              new RouteAction.Forward(
                                  List.of(new WeightedCluster("web", 1)), Duration.ZERO,
                                  RetryPolicy.NONE, "/b/", "b.internal"),
                              RESPONSE_HEADERS))))
              .build());

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void directResponseIsAnsweredLocallyAndKeepsTheConnection() {
    h.send(get("x.mesh", "/ping"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .contains("content-type: text/plain; charset=utf-8\r\n")
        .endsWith("\r\n\r\ndown");
    assertThat(h.connector.channels).isEmpty();
    assertThat(h.downstream.isOpen()).isTrue();
  }

  @Test
  void redirectSetsLocation() {
    h.send(get("x.mesh:81", "/old/p?q=1"));
    assertThat(h.received())
        .startsWith("HTTP/1.1 302 Found\r\n")
        .contains("location: http://x.mesh:81/new\r\n");
  }

  @Test
  void rewritesAndHeaderChangesAndNoTimeout() {
    h.send(
        "GET /a/c?z=1 HTTP/1.1\r\nHost: x.mesh\r\nX-By: client\r\n\r\n");
    EmbeddedChannel up = h.connector.last();
    assertThat(drain(up))
        .startsWith("GET /b/c?z=1 HTTP/1.1\r\n")
        .contains("host: b.internal\r\n")
        .contains("X-By: client\r\n")
        .contains("x-by: mesh\r\n");
    // timeout 0s: no timer is armed, so nothing fires however long the upstream takes
    h.downstream.runPendingTasks();
    assertThat(h.downstream.hasPendingTasks()).isFalse();
    respond(
        up, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Internal: s\r\nX-Resp: old\r\n\r\nok");
    assertThat(h.received())
        .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-resp: 1\r\n\r\nok");
  }

  private static RouteEntry route(String prefix, RouteAction action) {
    return new RouteEntry(RouteMatch.path(PathMatch.prefix(prefix)), action, HeaderMutations.NONE);
  }
}
