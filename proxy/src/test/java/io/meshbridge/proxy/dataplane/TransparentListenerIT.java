package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import io.meshbridge.proxy.testing.RawConnection;
import io.netty.channel.epoll.Epoll;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transparent listeners on loopback, without a TPROXY rule (see {@link TproxyNamespaceIT} for
 * one): only the epoll transport can bind them, and a connection made straight to such a
 * listener's own address has no original destination, so the ORIGINAL_DST cluster fails it with
 * the reason instead of connecting back to the proxy.
 */
@ExtendWith(LeakCheck.class)
class TransparentListenerIT {

  @Test
  void theNioTransportRefusesATransparentListenerNamingTheField() {
    DataPlaneOptions d = DataPlaneOptions.DEFAULTS;
    try (ProxyFixture nio = new ProxyFixture(new DataPlaneOptions(
        1, d.upstreamTimeout(), d.upstreamIdleTimeout(), d.drainTimeout(), false))) {
      Map<String, String> errors = nio.apply(config()
          .listener(ListenerConfig.http("t", "127.0.0.1", 0, "r", "t", HttpCodec.AUTO)
              .withCapture(TransparentConfigs.TPROXY))
          .build());

      assertThat(errors).containsExactly(entry("t",
          "transparent: true needs the native epoll transport on Linux (in use: nio)"));
      assertThat(nio.proxy.localAddress("t")).isEmpty();
    }
  }

  @Test
  void aConnectionToTheListenersOwnAddressHasNoOriginalDestination() {
    assumeTrue(Epoll.isAvailable(), "needs the epoll transport");
    try (ProxyFixture fixture = new ProxyFixture();
        AccessLogCapture log = new AccessLogCapture()) {
      Map<String, String> errors = fixture.apply(TransparentConfigs.proxy(
          "127.0.0.1", new TransparentConfigs.Ports(0, 0, 0, 0), "127.0.0.1", 1));
      assumeTrue(errors.isEmpty(), "IP_TRANSPARENT refused here: " + errors);

      HttpResponse<String> http = new Client(fixture.port("http_tproxy")).get("x", "/");
      assertThat(http.statusCode()).isEqualTo(503);
      assertThat(http.body()).isEqualTo("no original destination for cluster 'pt' (expected:"
          + " a connection captured by a transparent listener)");
      try (RawConnection tcp = new RawConnection(fixture.port("tcp_tproxy"));
          RawConnection virtual = new RawConnection(fixture.port("virtual"))) {
        assertThat(tcp.closedByPeer()).as("tcp_proxy to ORIGINAL_DST without one").isTrue();
        assertThat(virtual.closedByPeer()).as("not handed off: its own chain").isTrue();
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines())
          .filteredOn(l -> l.path("upstream_cluster").asText().equals("pt"))
          .hasSize(2)
          .allSatisfy(l -> assertThat(l.get("response_flags").asText()).isEqualTo("UH")));
      assertThat(fixture.stats()).contains("no_healthy_upstream_total{cluster=\"pt\"} 2");
    }
  }
}
