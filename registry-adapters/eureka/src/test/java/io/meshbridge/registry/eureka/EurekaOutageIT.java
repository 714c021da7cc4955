package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Eureka server goes away and comes back empty, as a restarted standalone server does: the
 * registry serves its last content marked stale, and resyncs once the registrars re-registered. The
 * server is configured as production Eureka protects a restart: it refuses reads (403) for a few
 * seconds after starting with no instances, while clients re-register.
 */
class EurekaOutageIT {

  @RegisterExtension
  static final EurekaServerExtension eureka =
      new EurekaServerExtension()
          .withProperty("eureka.instance.registry.default-open-for-traffic-count", "0")
          .withProperty("eureka.server.wait-time-in-ms-when-sync-empty", "4000");

  private static final ServiceKey ORDERS = ServiceKey.of("default", "orders");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final SnapshotRecorder recorder = new SnapshotRecorder();
  private EurekaRegistry registry;
  private EurekaRegistrar one;
  private EurekaRegistrar two;

  @AfterEach
  void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {registry, one, two}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private EurekaRegistrar registered(String id, String address, int port) {
    EurekaRegistrar registrar =
        new EurekaRegistrar(
            EurekaRegistrarConfig.of(List.of(eureka.serviceUrl()))
                .withLease(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    registrar.register(
        new WorkloadInstance(
            ORDERS,
            id,
            address,
            List.of(new ServicePort("http", port, Protocol.HTTP)),
            Map.of(),
            Locality.UNKNOWN));
    registrar.setHealth(HealthStatus.HEALTHY);
    return registrar;
  }

  @Test
  void anOutageKeepsTheLastContentStaleAndARestartResyncs() {
    one = registered("vm-1", "127.0.0.1", 18011);
    two = registered("vm-2", "127.0.0.2", 18012);
    registry =
        new EurekaRegistry(
            EurekaRegistryConfig.of("eureka", List.of(eureka.serviceUrl()))
                .withFetchInterval(Duration.ofMillis(500)));
    registry.start(recorder);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(ORDERS))
                    .extracting(Endpoint::health)
                    .containsExactly(HealthStatus.HEALTHY, HealthStatus.HEALTHY));
    RegistrySnapshot good = recorder.latest();

    eureka.stop();

    await().atMost(WAIT).until(() -> recorder.latest().stale());
    RegistrySnapshot stale = recorder.latest();
    assertThat(stale.services()).isEqualTo(good.services());
    assertThat(stale.endpoints()).isEqualTo(good.endpoints());
    assertThat(stale.problems())
        .singleElement()
        .asString()
        .contains("no Eureka server answered (" + eureka.serviceUrl())
        .endsWith("; serving the last content fetched");
    // Failed fetches go on, but the stale content is published once.
    int published = recorder.all().size();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> recorder.all().size() == published);

    eureka.start();

    await().atMost(WAIT).until(() -> !recorder.latest().stale());
    List<RegistrySnapshot> after = recorder.all().subList(published, recorder.all().size());
    assertThat(after).hasSize(1);
    assertThat(after.get(0).endpoints()).isEqualTo(good.endpoints());
    assertThat(after.get(0).problems()).isEmpty();
    assertThat(registry.stats().fullFetches()).isEqualTo(2);
  }
}
