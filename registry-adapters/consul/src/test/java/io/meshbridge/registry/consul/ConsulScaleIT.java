package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import io.meshbridge.testing.consul.RecordedRequest;
import io.meshbridge.testing.consul.ServiceInstance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many watches whose waits expire together (issue 4's benchmark: 1000 blocking queries failed at
 * once when their 5-minute wait ran out). A 1 s wait lines the expiries up every second, so a few
 * seconds here are many expiry rounds.
 */
class ConsulScaleIT {

  private static final int SERVICES = 300;

  private final ConsulSimulator consul = ConsulSimulator.start();
  private final Snapshots snapshots = new Snapshots();
  private ConsulRegistry registry;

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
    consul.close();
  }

  @Test
  void manyWatchesSurviveTheirWaitsExpiringTogetherAndAChangeArrivesPromptly() {
    List<String> names = IntStream.range(0, SERVICES).mapToObj(i -> "svc-%04d".formatted(i)).toList();
    for (int i = 0; i < SERVICES; i++) {
      consul.register("dc1", instance(names.get(i), 1, i), CheckStatus.PASSING);
    }
    registry =
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .waitTime(Duration.ofSeconds(1))
            .build();
    registry.start(snapshots);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !snapshots.all().isEmpty() && snapshots.latest().endpoints().size() == SERVICES);

    // Every watch has blocked, expired and asked again at least three times.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> names.stream().allMatch(n -> blockingAsks().getOrDefault(n, 0L) >= 3));

    String changed = names.get(SERVICES / 2);
    consul.register("dc1", instance(changed, 2, SERVICES / 2), CheckStatus.PASSING);
    String added = address(2, SERVICES / 2);
    RegistrySnapshot withChange =
        snapshots.awaitLatest(s -> s.endpoints().stream().map(Endpoint::address).anyMatch(added::equals));
    assertThat(withChange.endpoints()).hasSize(SERVICES + 1);

    // No watch is stuck: each keeps asking after the change.
    consul.clearRequests();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> names.stream().allMatch(n -> blockingAsks().getOrDefault(n, 0L) >= 2));

    // No expiry ever looked like a failure: no stale snapshot, no problem, no watch reset to 0.
    assertThat(snapshots.all()).noneMatch(RegistrySnapshot::stale);
    assertThat(snapshots.all()).allMatch(s -> s.problems().isEmpty());
    assertThat(consul.requests(r -> r.path().startsWith("/v1/health/") && r.index() == 0)).isEmpty();
  }

  /** Blocking health requests recorded since the last clear, per service. */
  private Map<String, Long> blockingAsks() {
    return consul.requests(r -> r.blocking() && r.path().startsWith("/v1/health/service/")).stream()
        .map(RecordedRequest::path)
        .map(p -> p.substring(p.lastIndexOf('/') + 1))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static ServiceInstance instance(String name, int n, int i) {
    return ServiceInstance.of(name + "-" + n, name, address(n, i), 8080);
  }

  private static String address(int n, int i) {
    return "10." + n + "." + (i / 250) + "." + (i % 250 + 1);
  }
}
