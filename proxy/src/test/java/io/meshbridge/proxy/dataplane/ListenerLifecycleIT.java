package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import io.meshbridge.proxy.testing.RawConnection;
import io.meshbridge.proxy.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Listeners bound, kept, moved and removed by config updates. */
@ExtendWith(LeakCheck.class)
class ListenerLifecycleIT {

  private static final String GET = "GET /slow HTTP/1.1\r\nHost: svc.mesh\r\n\r\n";

  private final Backend backend = Backend.start("svc");
  private final ProxyFixture fixture = new ProxyFixture();

  @AfterEach
  void stop() {
    backend.close();
    fixture.close();
  }

  private TestConfigs.Builder base() {
    return config()
        .routes("rt", vhost("svc", List.of("*"), prefix("/", "svc")))
        .routes("rt2", vhost("svc", List.of("*"), prefix("/", "svc")))
        .cluster("svc", endpoint("127.0.0.1", backend.port()));
  }

  @Test
  void aTakenPortIsReportedAndTheOtherListenersAreBound() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Map<String, String> errors =
          fixture.apply(base().listener("taken", port, "rt").listener("free", 0, "rt").build());
      assertThat(errors)
          .containsExactly(
              Map.entry("taken", "cannot bind 127.0.0.1:" + port + ": Address already in use"));
      assertThat(fixture.proxy.localAddress("taken")).isEmpty();
      backend.release();
      assertThat(new Client(fixture.port("free")).get("svc.mesh", "/").body()).isEqualTo("svc");
    }
  }

  @Test
  void aListenerThatCannotMoveKeepsItsSocket() throws IOException {
    fixture.apply(base().listener("in", 0, "rt").build());
    int port = fixture.port("in");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Map<String, String> errors =
          fixture.apply(base().listener("in", taken.getLocalPort(), "rt").build());
      assertThat(errors).containsKey("in");
      assertThat(fixture.port("in")).isEqualTo(port);
      backend.release();
      assertThat(new Client(port).get("svc.mesh", "/").body()).isEqualTo("svc");
    }
  }

  @Test
  void aMovedListenerBindsTheNewAddressThenClosesTheOld() {
    fixture.apply(base().listener("in", 0, "rt").build());
    int oldPort = fixture.port("in");
    int newPort = freePort();
    assertThat(fixture.apply(base().listener("in", newPort, "rt").build())).isEmpty();
    assertThat(fixture.port("in")).isEqualTo(newPort);
    backend.release();
    assertThat(new Client(newPort).get("svc.mesh", "/").body()).isEqualTo("svc");
    await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(oldPort));
  }

  @Test
  void aRenamedListenerTakesOverTheSamePort() {
    backend.release();
    int port = freePort();
    assertThat(fixture.apply(base().listener("a", port, "rt").build())).isEmpty();
    assertThat(fixture.apply(base().listener("b", port, "rt").build())).isEmpty();
    assertThat(fixture.port("b")).isEqualTo(port);
    assertThat(fixture.proxy.localAddress("a")).isEmpty();
    assertThat(new Client(port).get("svc.mesh", "/").body()).isEqualTo("svc");
  }

  @Test
  void routeTableAndStatPrefixChangesKeepTheSocketAndItsConnections() {
    backend.release();
    fixture.apply(base().listener("in", 0, "rt").build());
    int port = fixture.port("in");
    try (RawConnection c = new RawConnection(port)) {
      c.send(GET);
      assertThat(c.read()).startsWith("HTTP/1.1 200 OK");
      fixture.apply(
          base().listener(new ListenerConfig("in", "127.0.0.1", 0, "rt2", "renamed")).build());
      assertThat(fixture.port("in")).isEqualTo(port);
      c.send(GET); // same connection, new route table and stats
      assertThat(c.read()).startsWith("HTTP/1.1 200 OK");
    }
    assertThat(fixture.stats())
        .contains("downstream_rq_total{listener=\"stat_in\"} 1")
        .contains("downstream_rq_total{listener=\"renamed\"} 1");
  }

  @Test
  void aRemovedListenerLetsItsRequestInFlightFinish() throws Exception {
    fixture.apply(base().listener("in", 0, "rt").listener("other", 0, "rt").build());
    int port = fixture.port("in");
    try (RawConnection c = new RawConnection(port)) {
      c.send(GET);
      await().atMost(Duration.ofSeconds(5)).until(() -> backend.slowArrived() == 1);

      fixture.apply(base().listener("other", 0, "rt").build());
      await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(port));

      backend.release();
      String response = c.read();
      assertThat(response)
          .startsWith("HTTP/1.1 200 OK")
          .contains("connection: close")
          .endsWith("svc");
      assertThat(c.closedByPeer()).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fixture.stats().contains("downstream_cx_active{listener=\"stat_in\"} 0"));
  }

  @Test
  void aRemovedListenerClosesIdleConnectionsAtOnce() {
    backend.release();
    fixture.apply(base().listener("in", 0, "rt").build());
    try (RawConnection c = new RawConnection(fixture.port("in"))) {
      c.send(GET);
      assertThat(c.read()).startsWith("HTTP/1.1 200 OK");
      fixture.apply(base().build());
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void drainingIsBounded() {
    try (ProxyFixture quick =
        new ProxyFixture(
            DataPlaneOptions.DEFAULTS
                .withWorkerThreads(1)
                .withDrainTimeout(Duration.ofMillis(200)))) {
      quick.apply(base().listener("in", 0, "rt").build());
      try (RawConnection c = new RawConnection(quick.port("in"))) {
        c.send(GET);
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.slowArrived() == 1);
        quick.apply(base().build());
        assertThat(c.closedByPeer()).isTrue(); // the backend never answered
      }
    }
  }

  @Test
  void closeDrainsRequestsInFlight() throws Exception {
    fixture.apply(base().listener("in", 0, "rt").build());
    Client client = new Client(fixture.port("in"));
    CompletableFuture<HttpResponse<String>> inFlight = client.getAsync("svc.mesh", "/slow");
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.slowArrived() == 1);
    CompletableFuture<Void> closed = CompletableFuture.runAsync(fixture::close);
    backend.release();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).isEqualTo("svc");
    closed.get(10, TimeUnit.SECONDS);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
