package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.MeshTlsFixture.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local app's health gates the inbound cluster: unhealthy → 503 {@code UH} on the inbound
 * listener (the app gets nothing) and {@code /ready} 503; healthy again → 200 from the app.
 */
class InboundHealthIT {

  @Test
  void anUnhealthyAppIsAnswered503UhAndTheProxyIsNotReady() {
    int inPort = freePort("127.0.0.1");
    int pilotPort = freePort("127.0.0.1");
    String cluster = "inbound|" + inPort + "||";
    try (Backend app = Backend.start("app");
        ControlPlane pilot = CachedConfigIT.pilot(pilotPort);
        ProxyServer proxy = CachedConfigIT.proxy(pilotPort, null);
        AccessLogCapture log = new AccessLogCapture()) {
      pilot.setSnapshot(Snapshot.create(List.of(MeshTlsResources.inboundCluster(inPort, app.port())),
          List.of(), List.of(MeshTlsResources.outbound("127.0.0.1", inPort, cluster)), List.of(),
          List.of(), "1"));
      await().until(proxy::ready);
      Client inbound = new Client(inPort);
      Client admin = new Client(proxy.adminPort());
      assertThat(inbound.get("svc", "/").statusCode()).isEqualTo(200);
      assertThat(admin.get("admin", "/ready").statusCode()).isEqualTo(200);

      proxy.setInboundHealthy(false);
      await().untilAsserted(() -> assertThat(inbound.get("svc", "/").statusCode()).isEqualTo(503));
      int served = app.requests();
      HttpResponse<String> refused = inbound.get("svc", "/");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("no healthy upstream");
      await().untilAsserted(() -> assertThat(log.last().get("response_flags").asText())
          .isEqualTo("UH"));
      assertThat(app.requests()).isEqualTo(served);
      assertThat(admin.get("admin", "/ready").statusCode()).isEqualTo(503);
      assertThat(proxy.ready()).isTrue(); // the config is still there

      proxy.setInboundHealthy(true);
      await().untilAsserted(() -> assertThat(inbound.get("svc", "/").statusCode()).isEqualTo(200));
      assertThat(admin.get("admin", "/ready").statusCode()).isEqualTo(200);
    }
  }
}
