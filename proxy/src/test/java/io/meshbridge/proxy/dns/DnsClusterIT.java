package io.meshbridge.proxy.dns;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.DnsSettings.LookupFamily;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code STRICT_DNS} cluster through a real proxy to real HTTP backends on 127.0.0.2 and
 * 127.0.0.3 (same port): {@code api.example.com} is answered by a {@link FakeResolver}, so no
 * real DNS is needed; {@code localhost} goes through the JDK resolver (the hosts file).
 */
@ExtendWith(LeakCheck.class)
class DnsClusterIT {

  private final Backend two = Backend.start("two", "127.0.0.2", 0);
  private final Backend three = Backend.start("three", "127.0.0.3", two.port());
  private final ProxyFixture fixture = new ProxyFixture();

  @AfterEach
  void stop() {
    fixture.close();
    two.close();
    three.close();
  }

  @Test
  void trafficFollowsTheResolversAnswerAndSurvivesItsFailure() throws Exception {
    FakeResolver resolver = new FakeResolver().answer("api.example.com", "127.0.0.2", "127.0.0.3");
    try (DnsResolvingDataPlane plane =
        new DnsResolvingDataPlane(fixture.proxy, resolver, fixture.stats)) {
      assertThat(plane.apply(dnsConfig("api.example.com", two.port())).get(10, TimeUnit.SECONDS))
          .isEmpty();
      Client client = new Client(fixture.port("in"));

      assertThat(bodies(client, 10)).containsExactlyInAnyOrder("two", "three");

      resolver.answer("api.example.com", "127.0.0.2");
      await().until(() -> bodies(client, 4).equals(Set.of("two")));
      assertThat(bodies(client, 10)).containsExactly("two");

      resolver.fail("api.example.com");
      await().until(() -> fixture.stats.counter(
          "dns_resolution_failure_total", "", Map.of("cluster", "api")).sum() >= 3);
      assertThat(bodies(client, 10)).as("the last good address keeps serving")
          .containsExactly("two");
    }
  }

  @Test
  void resolvesLocalhostWithTheJdkResolver() throws Exception {
    try (Backend local = Backend.start("local");
        DnsResolvingDataPlane plane =
            new DnsResolvingDataPlane(fixture.proxy, DnsResolver.system(), fixture.stats)) {
      assertThat(plane.apply(dnsConfig("localhost", local.port())).get(10, TimeUnit.SECONDS))
          .isEmpty();

      assertThat(bodies(new Client(fixture.port("in")), 3)).containsExactly("local");
    }
  }

  private static Set<String> bodies(Client client, int requests) {
    Set<String> bodies = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      bodies.add(client.get("h", "/").body());
    }
    return bodies;
  }

  private static ProxyConfig dnsConfig(String host, int port) {
    ClusterConfig cluster =
        new ClusterConfig("api", "api", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
            LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS, null,
            new DnsSettings(Duration.ofMillis(50), LookupFamily.V4_ONLY));
    return config()
        .listener("in", 0, "rt")
        .routes("rt", vhost("v", List.of("*"), prefix("/", "api")))
        .cluster(cluster, endpoint(host, port))
        .build();
  }
}
