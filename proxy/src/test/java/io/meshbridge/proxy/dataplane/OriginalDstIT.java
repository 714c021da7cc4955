package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.OriginalDstConfig;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An {@code ORIGINAL_DST} cluster (DestinationRule PASSTHROUGH) sends each HTTP request to the
 * {@code ip:port} its {@code x-envoy-original-dst-host} header names, without load balancing;
 * without a usable destination the request gets a 503 with the reason.
 */
@ExtendWith(LeakCheck.class)
class OriginalDstIT {

  private static final String HEADER = OriginalDstConfig.DEFAULT_HEADER;

  private final ProxyFixture fixture = new ProxyFixture();
  private final Backend five = Backend.start("five", "127.0.0.5", 0);
  private final Backend six = Backend.start("six", "127.0.0.6", 0);

  @AfterEach
  void stop() {
    fixture.close();
    five.close();
    six.close();
  }

  private void apply(@Nullable Integer portOverride) {
    ClusterConfig passthrough = new ClusterConfig(
        "pt", "pt", ClusterConfig.LbPolicy.ROUND_ROBIN, Duration.ofSeconds(5),
        LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS, null, null,
        HttpProtocolOptions.DEFAULT, ClusterTransport.PLAINTEXT,
        new OriginalDstConfig(true, HEADER, portOverride, OriginalDstConfig.DEFAULT_CLEANUP));
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes("rt", vhost("v", List.of("*"), prefix("/", "pt")))
            .cluster(passthrough)
            .build());
  }

  private HttpResponse<String> get(@Nullable String destination) {
    Client client = new Client(fixture.port("in"));
    var request = client.request("legacy", "/");
    if (destination != null) {
      request.header(HEADER, destination);
    }
    return client.send(request.build());
  }

  @Test
  void eachRequestGoesToTheAddressItsHeaderNames() {
    apply(null);

    HttpResponse<String> toFive = get("127.0.0.5:" + five.port());
    HttpResponse<String> toSix = get("127.0.0.6:" + six.port());
    HttpResponse<String> fiveAgain = get("127.0.0.5:" + five.port());

    assertThat(toFive.statusCode()).isEqualTo(200);
    assertThat(toFive.body()).isEqualTo("five");
    assertThat(toSix.body()).isEqualTo("six");
    assertThat(fiveAgain.body()).isEqualTo("five");
    assertThat(five.requests()).isEqualTo(2);
    assertThat(six.requests()).isEqualTo(1);
    assertThat(fixture.stats())
        .contains("upstream_rq_total{cluster=\"pt\",code_class=\"2xx\"} 3");
  }

  @Test
  void upstreamPortOverrideReplacesThePort() {
    apply(six.port());

    HttpResponse<String> r = get("127.0.0.6:1");

    assertThat(r.body()).isEqualTo("six");
  }

  @Test
  void withoutAHeaderOrWithABadOneTheRequestFailsWithTheReason() {
    apply(null);
    try (AccessLogCapture log = new AccessLogCapture()) {
      HttpResponse<String> none = get(null);
      HttpResponse<String> name = get("legacy.example:80");
      HttpResponse<String> noPort = get("127.0.0.5");

      assertThat(none.statusCode()).isEqualTo(503);
      assertThat(none.body()).contains("no original destination for cluster 'pt'")
          .contains("header " + HEADER + ": ip:port");
      assertThat(name.statusCode()).isEqualTo(503);
      assertThat(name.body())
          .contains(HEADER + ": 'legacy.example:80' (expected: ip:port, an IP literal)");
      assertThat(noPort.statusCode()).isEqualTo(503);
      // The access log line is written after the response: wait for the last one.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines())
          .hasSize(3)
          .allSatisfy(l -> assertThat(l.get("response_flags").asText()).isEqualTo("UH")));
    }
    assertThat(five.requests()).isZero();
  }
}
