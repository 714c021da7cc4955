package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EDS priorities through a real proxy: the local zone (priority 0) takes all traffic while
 * healthy; once outlier detection ejects it, priority 1 does (Istio's locality failover). A retry
 * with {@code previous_priorities} (Istio's {@code retryRemoteLocalities}) leaves priority 0.
 */
@ExtendWith(LeakCheck.class)
class PriorityFailoverIT {

  private final Backend local = Backend.start("local");
  private final Backend remote = Backend.start("remote");
  /** A ticker that stands still: the ejection never ends during the test. */
  private final ProxyFixture fixture =
      new ProxyFixture(DataPlaneOptions.DEFAULTS.withWorkerThreads(2), () -> 0L);

  @AfterEach
  void stop() {
    fixture.close();
    local.close();
    remote.close();
  }

  @Test
  void priorityZeroServesUntilEjectedThenPriorityOneTakesOver() {
    ClusterConfig cluster =
        new ClusterConfig("c", "c", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
            LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS,
            new OutlierDetectionConfig(2, 5, Duration.ofMillis(100), Duration.ofSeconds(30),
                Duration.ofSeconds(300), 50, 100, 0));
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes("rt", vhost("v", List.of("*"), prefix("/", "c")))
            .cluster(cluster, localThenRemote())
            .build());
    Client client = new Client(fixture.port("in"));

    for (int i = 0; i < 20; i++) {
      assertThat(client.get("h", "/").body()).isEqualTo("local");
    }
    assertThat(remote.requests()).isZero();

    local.failWith(503);
    await().until(() -> client.get("h", "/").body().equals("remote"));
    for (int i = 0; i < 20; i++) {
      assertThat(client.get("h", "/").body()).isEqualTo("remote");
    }
  }

  @Test
  void aRetryWithPreviousPrioritiesLeavesThePriorityItTried() {
    local.failWith(503);
    RetryPolicy retry = RetryPolicy.of(java.util.Set.of(RetryPolicy.RetryOn.FIVE_XX), 1);
    apply(retry.withPreviousPriorities(1));
    Client client = new Client(fixture.port("in"));
    for (int i = 0; i < 10; i++) {
      assertThat(client.get("h", "/").body()).as("the retry went to priority 1")
          .isEqualTo("remote");
    }
    assertThat(local.requests()).isEqualTo(10);

    apply(retry);
    assertThat(client.get("h", "/").statusCode())
        .as("without previous_priorities the retry stays on the healthy-looking priority 0")
        .isEqualTo(503);
  }

  /** local at priority 0, remote at priority 1. */
  private EndpointConfig[] localThenRemote() {
    return new EndpointConfig[] {
      new EndpointConfig("127.0.0.1", local.port(), Health.HEALTHY, 1, Map.of(), "eu/eu-1/", 0, 0),
      new EndpointConfig("127.0.0.1", remote.port(), Health.HEALTHY, 1, Map.of(), "eu/eu-2/", 1, 0)
    };
  }

  /** Priority 0 = local, 1 = remote, no outlier detection; the route retries with {@code retry}. */
  private void apply(RetryPolicy retry) {
    ClusterConfig cluster =
        new ClusterConfig("c", "c", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
            LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS, null);
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes("rt", vhost("v", List.of("*"), new RouteEntry(
                RouteMatch.path(RouteEntry.PathMatch.prefix("/")),
                new RouteAction.Forward(List.of(new RouteAction.WeightedCluster("c", 1)), null,
                    retry, "", ""),
                HeaderMutations.NONE)))
            .cluster(cluster, localThenRemote())
            .build());
  }
}
