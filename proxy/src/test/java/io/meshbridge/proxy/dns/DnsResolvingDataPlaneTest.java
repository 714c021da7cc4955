package io.meshbridge.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.DnsSettings.LookupFamily;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DnsResolvingDataPlane} with a {@link FakeResolver} and a recording data plane. */
class DnsResolvingDataPlaneTest {

  private static final EndpointConfig API =
      new EndpointConfig("api.example.com", 80, Health.HEALTHY, 3, Map.of("tier", "eu"),
          "eu/eu-1/", 1, 2);
  private static final EndpointConfig LITERAL =
      new EndpointConfig("10.0.0.9", 81, Health.HEALTHY, 1, Map.of());

  private final FakeResolver resolver = new FakeResolver();
  private final StatsRegistry stats = new StatsRegistry();
  private final Recording delegate = new Recording();
  private final DnsResolvingDataPlane plane = new DnsResolvingDataPlane(delegate, resolver, stats);

  @AfterEach
  void close() {
    plane.close();
  }

  @Test
  void resolvesBeforeApplyingOneEndpointPerAddressKeepingTheEndpointsAttributes() throws Exception {
    resolver.answer("api.example.com", "127.0.0.3", "127.0.0.2");

    apply(config(Duration.ofHours(1), LookupFamily.AUTO));

    assertThat(delegate.last().endpointsOf("dns")).containsExactly(
        new EndpointConfig("127.0.0.2", 80, Health.HEALTHY, 3, Map.of("tier", "eu"),
            "eu/eu-1/", 1, 2),
        new EndpointConfig("127.0.0.3", 80, Health.HEALTHY, 3, Map.of("tier", "eu"),
            "eu/eu-1/", 1, 2),
        LITERAL);
    assertThat(delegate.last().endpointsOf("eds")).containsExactly(API); // not a DNS cluster
  }

  @Test
  void appliesTheLookupFamily() throws Exception {
    resolver.answer("api.example.com", "127.0.0.2", "::1");

    apply(config(Duration.ofHours(1), LookupFamily.V4_ONLY));
    assertThat(hosts()).containsExactly("127.0.0.2", "10.0.0.9");

    apply(config(Duration.ofHours(1), LookupFamily.AUTO));
    assertThat(hosts()).as("AUTO prefers IPv6").containsExactly("0:0:0:0:0:0:0:1", "10.0.0.9");

    apply(config(Duration.ofHours(1), LookupFamily.ALL));
    assertThat(hosts()).containsExactly("0:0:0:0:0:0:0:1", "127.0.0.2", "10.0.0.9");
  }

  @Test
  void reResolvesEveryRefreshAndAppliesOnlyChanges() throws Exception {
    resolver.answer("api.example.com", "127.0.0.2", "127.0.0.3");
    apply(config(Duration.ofMillis(20), LookupFamily.V4_ONLY));
    assertThat(hosts()).containsExactly("127.0.0.2", "127.0.0.3", "10.0.0.9");

    resolver.answer("api.example.com", "127.0.0.2");
    await().until(() -> hosts().equals(List.of("127.0.0.2", "10.0.0.9")));
    int applied = delegate.applied.size();

    int lookups = resolver.lookups();
    await().until(() -> resolver.lookups() >= lookups + 3);
    assertThat(delegate.applied).as("unchanged answers are not applied again").hasSize(applied);
  }

  @Test
  void aFailingResolverKeepsTheLastGoodAddressesAndCounts() throws Exception {
    resolver.answer("api.example.com", "127.0.0.2");
    apply(config(Duration.ofMillis(20), LookupFamily.V4_ONLY));
    int applied = delegate.applied.size();

    resolver.fail("api.example.com");
    await().until(() -> failures() >= 3);

    assertThat(delegate.applied).hasSize(applied);
    assertThat(hosts()).containsExactly("127.0.0.2", "10.0.0.9");
  }

  @Test
  void aHostThatNeverResolvedHasNoEndpointsUntilItDoes() throws Exception {
    apply(config(Duration.ofMillis(20), LookupFamily.V4_ONLY));
    assertThat(hosts()).containsExactly("10.0.0.9");
    assertThat(failures()).isPositive();

    resolver.answer("api.example.com", "127.0.0.4");
    await().until(() -> hosts().equals(List.of("127.0.0.4", "10.0.0.9")));
  }

  @Test
  void anEmptyAnswerForTheFamilyCountsAsAFailure() throws Exception {
    resolver.answer("api.example.com", "127.0.0.2");
    apply(config(Duration.ofMillis(20), LookupFamily.V4_ONLY));

    resolver.answer("api.example.com", "::1");
    await().until(() -> failures() >= 2);
    assertThat(hosts()).containsExactly("127.0.0.2", "10.0.0.9");
  }

  private void apply(ProxyConfig config) throws Exception {
    assertThat(plane.apply(config).get(10, TimeUnit.SECONDS)).isEmpty();
  }

  private List<String> hosts() {
    return delegate.last().endpointsOf("dns").stream().map(EndpointConfig::host).toList();
  }

  private long failures() {
    return stats.counter("dns_resolution_failure_total", "", Map.of("cluster", "dns")).sum();
  }

  private static ProxyConfig config(Duration refresh, LookupFamily family) {
    ClusterConfig dns =
        new ClusterConfig("dns", "dns", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
            LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS, null,
            new DnsSettings(refresh, family));
    ClusterConfig eds = new ClusterConfig("eds", "eds", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1));
    return new ProxyConfig(Map.of(), Map.of(), Map.of("dns", dns, "eds", eds),
        Map.of("dns", List.of(API, LITERAL), "eds", List.of(API)));
  }

  /** Records what it is given. */
  private static final class Recording implements DataPlane {
    final List<ProxyConfig> applied = new CopyOnWriteArrayList<>();

    ProxyConfig last() {
      return applied.get(applied.size() - 1);
    }

    @Override
    public CompletableFuture<Map<String, String>> apply(ProxyConfig config) {
      applied.add(config);
      return CompletableFuture.supplyAsync(Map::of);
    }

    @Override
    public void close() {}
  }
}
