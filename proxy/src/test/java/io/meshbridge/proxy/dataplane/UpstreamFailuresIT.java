package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the client sees when upstreams are missing, unreachable or slow. */
@ExtendWith(LeakCheck.class)
class UpstreamFailuresIT {

  private final Backend slow = Backend.start("slow");
  private final ProxyFixture fixture =
      new ProxyFixture(
          DataPlaneOptions.DEFAULTS
              .withWorkerThreads(2)
              .withUpstreamTimeout(Duration.ofMillis(300)));
  private Client client;

  @BeforeEach
  void start() {
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes(
                "rt",
                vhost("dead", List.of("dead.mesh"), prefix("/", "dead")),
                vhost("refused", List.of("refused.mesh"), prefix("/", "refused")),
                vhost("slow", List.of("slow.mesh"), prefix("/", "slow")))
            .cluster(
                "dead",
                endpoint("127.0.0.1", slow.port(), Health.UNHEALTHY, 1),
                endpoint("127.0.0.1", slow.port(), Health.DRAINING, 1))
            .cluster("refused", endpoint("127.0.0.1", closedPort()))
            .cluster("slow", endpoint("127.0.0.1", slow.port()))
            .build());
    client = new Client(fixture.port("in"));
  }

  @AfterEach
  void stop() {
    slow.close();
    fixture.close();
  }

  @Test
  void noHealthyEndpointIs503WithTheBody() {
    HttpResponse<String> r = client.get("dead.mesh", "/");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("no healthy upstream for cluster 'dead'");
    assertThat(fixture.stats()).contains("no_healthy_upstream_total{cluster=\"dead\"} 1");
    assertThat(slow.requests()).isZero();
  }

  @Test
  void connectFailureIs503() {
    HttpResponse<String> r = client.get("refused.mesh", "/");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).startsWith("upstream connect error: ").containsIgnoringCase("refused");
    assertThat(fixture.stats())
        .contains("upstream_cx_connect_fail_total{cluster=\"refused\"} 1")
        .contains("upstream_rq_total{cluster=\"refused\",code_class=\"5xx\"} 1");
  }

  @Test
  void slowBackendIs504() {
    HttpResponse<String> r = client.get("slow.mesh", "/slow");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).isEqualTo("upstream request timeout");
    assertThat(fixture.stats()).contains("upstream_rq_timeout_total{cluster=\"slow\"} 1");
    // the client connection survives the timeout
    slow.release();
    assertThat(client.get("slow.mesh", "/").body()).isEqualTo("slow");
  }

  /** A port nothing listens on (bound then closed). */
  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
