package io.meshbridge.registry.eureka;

import static io.meshbridge.registry.eureka.Payloads.instance;
import static io.meshbridge.registry.eureka.Payloads.withMetadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry against a real Eureka server (Spring Cloud Netflix, in a forked JVM). */
class EurekaRegistryIT {

  @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SnapshotRecorder recorder = new SnapshotRecorder();
  private EurekaRegistry registry;
  private EurekaRegistrar registrar;

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
    if (registrar != null) {
      registrar.close();
    }
  }

  private EurekaRegistry startRegistry() {
    registry =
        new EurekaRegistry(
            EurekaRegistryConfig.of("eureka", List.of(eureka.serviceUrl()))
                .withFetchInterval(Duration.ofMillis(500)));
    registry.start(recorder);
    return registry;
  }

  @Test
  void followsRegistrationsStatusChangesAndCancelsThroughDeltas() {
    ServiceKey payments = ServiceKey.of("default", "payments");
    EurekaRest rest = new EurekaRest(eureka.serviceUrl());
    startRegistry();
    await().atMost(WAIT).until(() -> !recorder.all().isEmpty());

    // One instance registered over raw REST, as any Eureka client would ...
    rest.register(
        withMetadata(
            instance("PAYMENTS", "pay-raw", "127.0.0.1", 18001),
            Map.of("zone", "zone-a", "version", "v1")));
    // ... and one through the registrar, STARTING until it reports healthy.
    registrar = new EurekaRegistrar(EurekaRegistrarConfig.of(List.of(eureka.serviceUrl())));
    registrar.register(
        new WorkloadInstance(
            payments,
            "pay-vm",
            "127.0.0.2",
            List.of(new ServicePort("http", 18002, Protocol.HTTP)),
            Map.of("version", "v2"),
            Locality.UNKNOWN));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(payments))
                    .extracting(Endpoint::address, Endpoint::health)
                    .containsExactly(
                        tuple("127.0.0.1", HealthStatus.HEALTHY),
                        tuple("127.0.0.2", HealthStatus.UNHEALTHY)));
    assertThat(recorder.latest().services())
        .contains(
            new Service(
                payments,
                List.of(),
                List.of(new ServicePort("http", 18001, Protocol.HTTP)),
                Map.of()));
    assertThat(recorder.endpoints(payments).get(0))
        .isEqualTo(
            new Endpoint(
                payments,
                "127.0.0.1",
                Map.of("http", 18001),
                Map.of("zone", "zone-a", "version", "v1"),
                HealthStatus.HEALTHY,
                new Locality("", "zone-a", ""),
                1,
                "eureka"));

    registrar.setHealth(HealthStatus.HEALTHY);
    awaitHealth(payments, HealthStatus.HEALTHY, HealthStatus.HEALTHY);

    rest.status("PAYMENTS", "pay-raw", "OUT_OF_SERVICE");
    awaitHealth(payments, HealthStatus.UNHEALTHY, HealthStatus.HEALTHY);
    rest.status("PAYMENTS", "pay-raw", "UP");
    awaitHealth(payments, HealthStatus.HEALTHY, HealthStatus.HEALTHY);

    rest.cancel("PAYMENTS", "pay-raw");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(payments))
                    .extracting(Endpoint::address)
                    .containsExactly("127.0.0.2"));
    registrar.deregister();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.latest().services())
                    .extracting(Service::key)
                    .doesNotContain(payments));

    // All of it came through deltas that matched the server's apps hash code.
    RegistryPoller.FetchStats stats = registry.stats();
    assertThat(stats.fullFetches()).isEqualTo(1);
    assertThat(stats.hashMismatches()).isZero();
    assertThat(stats.deltaFetches()).isGreaterThan(5);
    assertThat(recorder.all()).noneMatch(s -> s.stale());
  }

  /**
   * Istio's {@code security.istio.io/tlsMode} label cannot be a Eureka metadata key (an XML name):
   * the registrar writes it {@code security.istio.io__tlsMode}, and the registry reads it back as
   * the label, from the registrar and from any client writing that key.
   */
  @Test
  void thePrefixedTlsModeLabelRoundTripsThroughEurekaMetadata() throws Exception {
    ServiceKey ledger = ServiceKey.of("default", "ledger");
    registrar = new EurekaRegistrar(EurekaRegistrarConfig.of(List.of(eureka.serviceUrl())));
    registrar.register(
        new WorkloadInstance(
            ledger,
            "ledger-vm",
            "127.0.0.2",
            List.of(new ServicePort("http", 18004, Protocol.HTTP)),
            Map.of("security.istio.io/tlsMode", "istio", "version", "v1"),
            Locality.UNKNOWN));
    new EurekaRest(eureka.serviceUrl())
        .register(
            withMetadata(
                instance("LEDGER", "ledger-raw", "127.0.0.1", 18004),
                Map.of("security.istio.io__tlsMode", "istio")));
    startRegistry();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(ledger))
                    .extracting(Endpoint::address, e -> e.labels().get("security.istio.io/tlsMode"))
                    .containsExactly(tuple("127.0.0.1", "istio"), tuple("127.0.0.2", "istio")));
    assertThat(recorder.endpoints(ledger).get(1).labels())
        .doesNotContainKey("security.istio.io__tlsMode");
    assertThat(recorder.latest().problems()).noneMatch(p -> p.contains("LEDGER"));
  }

  @Test
  void badInstancesAreSkippedAndNamedWhileTheRestFlows() {
    ServiceKey broken = ServiceKey.of("default", "broken");
    EurekaRest rest = new EurekaRest(eureka.serviceUrl());
    rest.register(instance("BROKEN", "ok", "127.0.0.1", 18003));
    rest.register(instance("BROKEN", "bad-ip", "999.1.1.1", 18003));
    ObjectNode noPort = instance("BROKEN", "no-port", "127.0.0.4", 18003);
    noPort.putObject("port").put("$", 0).put("@enabled", "false");
    rest.register(noPort);
    startRegistry();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.latest().problems())
                    .contains(
                        "app BROKEN instance bad-ip: ipAddr: '999.1.1.1' (expected: an IPv4 or IPv6"
                            + " address); instance skipped",
                        "app BROKEN instance no-port: port: disabled, securePort: disabled"
                            + " (expected: at least one enabled port); instance skipped"));
    assertThat(recorder.endpoints(broken))
        .extracting(Endpoint::address)
        .containsExactly("127.0.0.1");
  }

  private void awaitHealth(ServiceKey service, HealthStatus raw, HealthStatus vm) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(service))
                    .extracting(Endpoint::health)
                    .containsExactly(raw, vm));
  }
}
