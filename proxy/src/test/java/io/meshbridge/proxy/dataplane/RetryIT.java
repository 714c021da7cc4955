package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Route retries through a real proxy to real backends on 127.0.0.1. */
@ExtendWith(LeakCheck.class)
class RetryIT {

  private static final RetryPolicy RETRY =
      RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 2).withPreviousHosts(true, 5);

  private final Backend good = Backend.start("good");
  private final Backend bad = Backend.start("bad");
  private final ProxyFixture fixture = new ProxyFixture();
  private final List<AutoCloseable> more = new ArrayList<>();
  private Client client;

  @AfterEach
  void stop() throws Exception {
    good.close();
    bad.close();
    for (AutoCloseable c : more) {
      c.close();
    }
    fixture.close();
  }

  @Test
  void a503IsRetriedOnTheOtherEndpoint() {
    bad.failWith(503);
    start(RETRY, Duration.ofSeconds(5), bad.port(), good.port());
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = client.get("svc.mesh", "/");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("good");
    }
    // a retry's pick advances the round robin too, so first tries keep landing on bad
    assertThat(bad.requests()).isPositive();
    assertThat(fixture.stats())
        .contains("upstream_rq_retry_total{cluster=\"svc\"} " + bad.requests())
        .contains("upstream_rq_retry_success_total{cluster=\"svc\"} " + bad.requests());
  }

  @Test
  void connectRefusedAndResetAreRetried() {
    Resetter resetter = new Resetter();
    more.add(resetter);
    start(RETRY, Duration.ofSeconds(5), closedPort(), resetter.port(), good.port());
    for (int i = 0; i < 6; i++) {
      assertThat(client.get("svc.mesh", "/").body()).isEqualTo("good");
    }
    assertThat(resetter.accepted()).isPositive();
    assertThat(fixture.stats()).contains("upstream_cx_connect_fail_total{cluster=\"svc\"} ");
  }

  @Test
  void aPostIsNotRetriedByDefaultButIsWithTheRouteOptIn() {
    bad.failWith(503);
    start(RETRY, Duration.ofSeconds(5), bad.port(), good.port());
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      codes.add(client.send(post()).statusCode());
    }
    assertThat(codes).containsExactlyInAnyOrder(200, 503);

    start(RETRY.withRetryNonIdempotent(true), Duration.ofSeconds(5), bad.port(), good.port());
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = client.send(post());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("good:" + Backend.digest("order".getBytes()));
    }
  }

  @Test
  void aSlowEndpointIsLeftAtThePerTryTimeout() {
    good.release(); // its /slow answers at once; bad's waits
    start(
        RETRY.withPerTryTimeout(Duration.ofMillis(300)), Duration.ofSeconds(10), bad.port(),
        good.port());
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = client.get("svc.mesh", "/slow");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("good");
    }
    assertThat(bad.slowArrived()).isPositive();
    assertThat(fixture.stats())
        .contains("upstream_rq_timeout_total{cluster=\"svc\"} " + bad.slowArrived());
  }

  @Test
  void allSlowIs504AtTheRouteTimeoutNotAfterEveryRetry() {
    RetryPolicy many = RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 5).withPerTryTimeout(Duration.ofSeconds(1));
    start(many, Duration.ofMillis(1500), bad.port(), good.port());
    HttpResponse<String> r = client.get("svc.mesh", "/slow");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).isEqualTo("upstream request timeout");
    // 1 s per try within 1.5 s: the first try and one retry, not all six
    assertThat(bad.slowArrived() + good.slowArrived()).isEqualTo(2);
  }

  private java.net.http.HttpRequest post() {
    return client.request("svc.mesh", "/echo").POST(BodyPublishers.ofString("order")).build();
  }

  private void start(RetryPolicy retry, Duration timeout, int... ports) {
    RouteEntry route =
        new RouteEntry(
            RouteMatch.path(PathMatch.prefix("/")),
            new RouteAction.Forward(
                List.of(new RouteAction.WeightedCluster("svc", 1)), timeout, retry, "", ""),
            HeaderMutations.NONE);
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes("rt", new VirtualHostConfig("svc", List.of("svc.mesh"), List.of(route)))
            .cluster(
                "svc",
                java.util.Arrays.stream(ports)
                    .mapToObj(p -> endpoint("127.0.0.1", p))
                    .toArray(io.meshbridge.proxy.config.EndpointConfig[]::new))
            .build());
    client = new Client(fixture.port("in"));
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accepts connections and closes each at once with a TCP reset. */
  private static final class Resetter implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();

    Resetter() {
      try {
        server = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this::run, "resetter");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    private void run() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          accepted.incrementAndGet();
          s.setSoLinger(true, 0);
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
