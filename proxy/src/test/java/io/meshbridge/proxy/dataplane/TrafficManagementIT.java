package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.HeaderMutations.HeaderValue;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteAction.WeightedCluster;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Route matching, route actions and LB policies over real sockets on 127.0.0.1. */
@ExtendWith(LeakCheck.class)
class TrafficManagementIT {

  private final Backend stable = Backend.start("stable");
  private final Backend canary = Backend.start("canary");
  private final Backend lr1 = Backend.start("lr-1");
  private final Backend lr2 = Backend.start("lr-2");
  private final ProxyFixture fixture = new ProxyFixture();
  private Client client;

  @BeforeEach
  void start() {
    HeaderMutations vhostHeaders =
        new HeaderMutations(
            List.of(new HeaderValue("x-vh", "vh", HeaderValue.Action.OVERWRITE)),
            List.of(),
            List.of(),
            List.of("date"));
    HeaderMutations legacyHeaders =
        new HeaderMutations(
            List.of(new HeaderValue("x-route", "r", HeaderValue.Action.APPEND)),
            List.of("x-secret"),
            List.of(new HeaderValue("x-served-by", "mesh", HeaderValue.Action.APPEND)),
            List.of());
    VirtualHostConfig shop =
        new VirtualHostConfig(
            "shop",
            List.of("shop.mesh"),
            List.of(
                new RouteEntry(
                    new RouteMatch(
                        PathMatch.prefix("/"),
                        List.of(new HeaderMatch("x-canary", StringMatch.exact("yes"), true, false)),
                        List.of()),
                    RouteAction.Forward.to("canary"),
                    HeaderMutations.NONE),
                route(
                    PathMatch.prefix("/split"),
                    new RouteAction.Forward(
                        List.of(new WeightedCluster("stable", 90), new WeightedCluster("canary", 10)),
                        null, RetryPolicy.NONE, "", "")),
                route(PathMatch.prefix("/ping"), new RouteAction.DirectResponse(418, "pong")),
                route(
                    PathMatch.prefix("/old"),
                    new RouteAction.Redirect("https", "", 0, "", "/new", false, 308)),
                new RouteEntry(
                    RouteMatch.path(PathMatch.prefix("/legacy/")),
                    new RouteAction.Forward(
                        List.of(new WeightedCluster("stable", 1)), null, RetryPolicy.NONE,
                        "/api/", "stable.internal"),
                    legacyHeaders),
                route(
                    PathMatch.prefix("/slow"),
                    new RouteAction.Forward(
                        List.of(new WeightedCluster("stable", 1)), Duration.ofMillis(300),
                        RetryPolicy.NONE, "", "")),
                route(PathMatch.regex("/v[0-9]+/.*"), RouteAction.Forward.to("canary")),
                route(PathMatch.prefix("/"), RouteAction.Forward.to("stable"))),
            vhostHeaders);
    assertThat(
            fixture.apply(
                config()
                    .listener("in", 0, "rt")
                    .routes(
                        "rt",
                        shop,
                        new VirtualHostConfig(
                            "lr",
                            List.of("lr.mesh"),
                            List.of(route(PathMatch.prefix("/"), RouteAction.Forward.to("lr")))))
                    .cluster("stable", endpoint("127.0.0.1", stable.port()))
                    .cluster("canary", endpoint("127.0.0.1", canary.port()))
                    .cluster(
                        "lr",
                        LbPolicy.LEAST_REQUEST,
                        endpoint("127.0.0.1", lr1.port()),
                        endpoint("127.0.0.1", lr2.port()))
                    .build()))
        .isEmpty();
    client = new Client(fixture.port("in"));
  }

  @AfterEach
  void stop() {
    List.of(stable, canary, lr1, lr2).forEach(Backend::release);
    fixture.close();
    List.of(stable, canary, lr1, lr2).forEach(Backend::close);
  }

  @Test
  void headerMatchRoutesToTheOtherCluster() {
    assertThat(client.get("shop.mesh", "/x").body()).isEqualTo("stable");
    HttpResponse<String> r =
        client.send(client.request("shop.mesh", "/x").header("X-Canary", "yes").build());
    assertThat(r.body()).isEqualTo("canary");
    assertThat(
            client
                .send(client.request("shop.mesh", "/x").header("X-Canary", "no").build())
                .body())
        .isEqualTo("stable");
  }

  @Test
  void regexPathMatch() {
    assertThat(client.get("shop.mesh", "/v2/orders").body()).isEqualTo("canary");
    assertThat(client.get("shop.mesh", "/v2").body()).isEqualTo("stable");
  }

  @Test
  void weightedClustersSplit90To10() {
    int toCanary = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      if (client.get("shop.mesh", "/split").body().equals("canary")) {
        toCanary++;
      }
    }
    assertThat(toCanary).isBetween(n * 7 / 100, n * 13 / 100); // 10 % ± 3 %
    assertThat(stable.requests() + canary.requests()).isEqualTo(n);
  }

  @Test
  void directResponse() {
    HttpResponse<String> r = client.get("shop.mesh", "/ping");
    assertThat(r.statusCode()).isEqualTo(418);
    assertThat(r.body()).isEqualTo("pong");
    assertThat(r.headers().firstValue("date")).isEmpty(); // the vhost's removal applies
    assertThat(stable.requests() + canary.requests()).isZero();
  }

  @Test
  void redirect() {
    HttpResponse<String> r = client.get("shop.mesh", "/old/a?q=1");
    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("location")).hasValue("https://shop.mesh/new/a?q=1");
  }

  @Test
  void prefixAndHostRewriteAndHeaderChanges() {
    HttpResponse<String> r =
        client.send(
            client
                .request("shop.mesh", "/legacy/orders?id=7")
                .header("X-Secret", "s")
                .header("X-Vh", "client")
                .build());
    assertThat(r.body()).isEqualTo("stable");
    assertThat(stable.lastTarget()).isEqualTo("/api/orders?id=7");
    assertThat(stable.lastHeaders().getFirst("Host")).isEqualTo("stable.internal");
    assertThat(stable.lastHeaders().get("X-Route")).containsExactly("r");
    assertThat(stable.lastHeaders().get("X-Vh")).containsExactly("vh");
    assertThat(stable.lastHeaders().containsKey("X-Secret")).isFalse();
    assertThat(r.headers().allValues("x-served-by")).containsExactly("mesh");
    assertThat(r.headers().firstValue("date")).isEmpty();
  }

  @Test
  void routeTimeoutAnswers504() {
    HttpResponse<String> r = client.get("shop.mesh", "/slow");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).isEqualTo("upstream request timeout");
  }

  @Test
  void leastRequestPrefersTheLessLoadedEndpoint() {
    CompletableFuture<HttpResponse<String>> held = client.getAsync("lr.mesh", "/slow");
    await().until(() -> lr1.slowArrived() + lr2.slowArrived() == 1);
    Backend busy = lr1.slowArrived() == 1 ? lr1 : lr2;
    Backend free = busy == lr1 ? lr2 : lr1;
    for (int i = 0; i < 20; i++) {
      assertThat(client.get("lr.mesh", "/").body()).isEqualTo(free.name());
    }
    busy.release();
    assertThat(held.join().body()).isEqualTo(busy.name());
    assertThat(busy.requests()).isEqualTo(1);
  }

  private static RouteEntry route(PathMatch path, RouteAction action) {
    return new RouteEntry(RouteMatch.path(path), action, HeaderMutations.NONE);
  }
}
