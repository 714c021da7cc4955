package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Outlier detection through a real proxy to real backends on 127.0.0.1. */
@ExtendWith(LeakCheck.class)
class OutlierDetectionIT {

  private final Backend good = Backend.start("good");
  private final Backend bad = Backend.start("bad");
  /** The clusters' ticker: hosts return only when the test moves it on. */
  private final AtomicLong now = new AtomicLong();
  private final ProxyFixture fixture =
      new ProxyFixture(DataPlaneOptions.DEFAULTS.withWorkerThreads(2), now::get);
  private Client client;

  @BeforeEach
  void start() {
    OutlierDetectionConfig detection =
        new OutlierDetectionConfig(3, 5, Duration.ofMillis(100), Duration.ofSeconds(30),
            Duration.ofSeconds(300), 50, 100, 0);
    ClusterConfig cluster =
        new ClusterConfig("c", "c", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
            LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS, detection);
    assertThat(
            fixture.apply(
                config()
                    .listener("in", 0, "rt")
                    .routes("rt", vhost("v", List.of("*"), prefix("/", "c")))
                    .cluster(
                        cluster,
                        endpoint("127.0.0.1", good.port()),
                        endpoint("127.0.0.1", bad.port()))
                    .build()))
        .isEmpty();
    client = new Client(fixture.port("in"));
  }

  @AfterEach
  void stop() {
    fixture.close();
    good.close();
    bad.close();
  }

  @Test
  void aFailingBackendIsEjectedAndReturnsAfterTheBaseEjectionTime() {
    bad.failWith(503);
    await().until(() -> {
      client.get("h", "/");
      return fixture.stats().contains("outlier_detection_ejections_active{cluster=\"c\"} 1");
    });
    assertThat(bad.requests()).as("consecutive_5xx: 3").isGreaterThanOrEqualTo(3);

    int before = bad.requests();
    for (int i = 0; i < 20; i++) {
      assertThat(client.get("h", "/").body()).isEqualTo("good");
    }
    assertThat(bad.requests()).as("ejected: no traffic").isEqualTo(before);

    bad.failWith(0);
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    for (int i = 0; i < 10; i++) {
      assertThat(client.get("h", "/").body()).as("29 s of 30").isEqualTo("good");
    }
    now.addAndGet(Duration.ofSeconds(1).toNanos()); // the next interval returns it
    await().until(() -> {
      client.get("h", "/");
      return bad.requests() > before;
    });
    await().until(
        () -> fixture.stats().contains("outlier_detection_ejections_active{cluster=\"c\"} 0"));
    assertThat(fixture.stats()).contains("outlier_detection_ejections_total{cluster=\"c\"} 1");
  }

  @Test
  void connectFailuresEjectAHostThatIsDown() {
    bad.close();
    await().until(() -> {
      client.get("h", "/");
      return fixture.stats().contains("outlier_detection_ejections_active{cluster=\"c\"} 1");
    });
    for (int i = 0; i < 10; i++) {
      assertThat(client.get("h", "/").statusCode()).isEqualTo(200);
    }
  }
}
