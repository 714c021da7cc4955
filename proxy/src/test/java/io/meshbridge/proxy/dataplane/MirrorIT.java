package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.MirrorPolicy;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Request mirroring through a real proxy to real backends. */
@ExtendWith(LeakCheck.class)
class MirrorIT {

  private final Backend main = Backend.start("main");
  private final Backend shadow = Backend.start("shadow");
  private final ProxyFixture fixture = new ProxyFixture();

  @AfterEach
  void stop() {
    main.close();
    shadow.close();
    fixture.close();
  }

  @Test
  void everyRequestIsCopiedToTheShadowWhichNeverSlowsTheMainOne() {
    main.release(); // main answers /slow at once; the shadow's /slow waits until released
    Client client = new Client(start(Fraction.ALL));
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = client.get("svc.mesh", "/slow");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("main");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> shadow.slowArrived() == 3);
    assertThat(shadow.lastHeaders().getFirst("Host")).isEqualTo("svc.mesh-shadow");

    HttpResponse<String> post =
        client.send(
            client.request("svc.mesh", "/echo").POST(BodyPublishers.ofString("copy me")).build());
    assertThat(post.body()).isEqualTo("main:" + Backend.digest("copy me".getBytes()));
    await().atMost(Duration.ofSeconds(10)).until(() -> shadow.requests() == 4);
    assertThat(shadow.lastTarget()).isEqualTo("/echo");
  }

  @Test
  void aZeroFractionMirrorsNothing() {
    Client client = new Client(start(new Fraction(0, 100)));
    for (int i = 0; i < 5; i++) {
      assertThat(client.get("svc.mesh", "/").body()).isEqualTo("main");
    }
    assertThat(shadow.requests()).isZero();
  }

  private int start(Fraction fraction) {
    RouteEntry route =
        new RouteEntry(
            RouteMatch.path(PathMatch.prefix("/")),
            new RouteAction.Forward(
                List.of(new RouteAction.WeightedCluster("main", 1)), Duration.ofSeconds(20),
                RetryPolicy.NONE, "", "", List.of(new MirrorPolicy("shadow", fraction))),
            HeaderMutations.NONE);
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes("rt", new VirtualHostConfig("svc", List.of("svc.mesh"), List.of(route)))
            .cluster("main", endpoint("127.0.0.1", main.port()))
            .cluster("shadow", endpoint("127.0.0.1", shadow.port()))
            .build());
    return fixture.port("in");
  }
}
