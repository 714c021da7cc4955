package io.meshbridge.pilot.aggregate;

import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One logical service across registries: mapping, one copy per endpoint, conflicts, status. */
class CrossRegistryTest {

  private static final ServiceKey SHOP_ORDERS = ServiceKey.of("shop", "orders");
  private static final Service K8S_ORDERS = service("shop", "orders", http(8080));
  private static final Service EUREKA_ORDERS = service("default", "orders-service", http(8080));

  private static RegistrySnapshot snapshot(
      String id, List<Service> services, List<Endpoint> endpoints) {
    return new RegistrySnapshot(id, 1, services, endpoints, false, List.of());
  }

  private static Endpoint at(Service s, String address, String source, HealthStatus health,
      Map<String, String> labels) {
    return new Endpoint(
        s.key(), address, Map.of(), labels, health, Locality.UNKNOWN, 1, source);
  }

  private static final ServiceMapping EUREKA_TO_SHOP =
      new ServiceMapping(
          Map.of(
              new ServiceMapping.Source("eureka", EUREKA_ORDERS.key()), SHOP_ORDERS));

  @Test
  void mappedServicesFromSeveralRegistriesAreOneMeshServiceWithEveryEndpointLabelledBySource() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("k8s", List.of(K8S_ORDERS), List.of(endpoint(K8S_ORDERS, "10.1.0.1", "k8s"))),
                snapshot(
                    "eureka",
                    List.of(EUREKA_ORDERS),
                    List.of(endpoint(EUREKA_ORDERS, "192.168.0.7", "eureka")))),
            EUREKA_TO_SHOP);

    assertThat(result.model().services()).containsOnlyKeys(SHOP_ORDERS);
    assertThat(result.model().endpointsOf(SHOP_ORDERS))
        .extracting(Endpoint::address, e -> e.labels().get(Endpoint.REGISTRY_LABEL))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.1.0.1", "k8s"),
            org.assertj.core.groups.Tuple.tuple("192.168.0.7", "eureka"));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void aRenamedServiceKeepsItsOldHostnameAsAnAlias() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(snapshot("eureka", List.of(EUREKA_ORDERS), List.of())), EUREKA_TO_SHOP);

    assertThat(result.model().services().get(SHOP_ORDERS).hostnames())
        .containsExactly("orders-service.default.mesh");
  }

  @Test
  void withoutAMappingTheSameNamespaceAndNameIsOneService() {
    Service consulOrders = service("shop", "orders", http(8080));
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("k8s", List.of(K8S_ORDERS), List.of(endpoint(K8S_ORDERS, "10.1.0.1", "k8s"))),
                snapshot(
                    "consul",
                    List.of(consulOrders),
                    List.of(endpoint(consulOrders, "10.2.0.1", "consul")))));

    assertThat(result.model().services()).containsOnlyKeys(SHOP_ORDERS);
    assertThat(result.model().endpointsOf(SHOP_ORDERS)).hasSize(2);
  }

  @Test
  void oneEndpointInTwoRegistriesIsServedOnceAsTheHigherPrecedenceOneSaysAndTheConflictIsShown() {
    Service consulOrders = service("shop", "orders", http(8080));
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot(
                    "consul",
                    List.of(consulOrders),
                    List.of(at(consulOrders, "10.0.0.5", "consul", HealthStatus.UNHEALTHY,
                        Map.of("version", "v2")))),
                snapshot(
                    "eureka",
                    List.of(K8S_ORDERS),
                    List.of(at(K8S_ORDERS, "10.0.0.5", "eureka", HealthStatus.HEALTHY,
                        Map.of("version", "v1"))))));

    assertThat(result.model().endpointsOf(SHOP_ORDERS))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.health()).isEqualTo(HealthStatus.UNHEALTHY);
              assertThat(e.labels()).containsEntry("version", "v2")
                  .containsEntry(Endpoint.REGISTRY_LABEL, "consul");
            });
    assertThat(result.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.service()).isEqualTo(SHOP_ORDERS);
              assertThat(c.address()).isEqualTo("10.0.0.5");
              assertThat(c.targetPorts()).containsExactly(Map.entry("http", 8080));
              assertThat(c.kept()).isEqualTo("consul");
              assertThat(c.overridden()).isEqualTo("eureka");
              assertThat(c.difference())
                  .isEqualTo("health: UNHEALTHY vs HEALTHY; labels: {version=v2} vs {version=v1}");
            });
  }

  @Test
  void anEndpointBothRegistriesAgreeOnIsServedOnceWithoutAConflict() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("a", List.of(K8S_ORDERS), List.of(endpoint(K8S_ORDERS, "10.0.0.5", "a"))),
                snapshot("b", List.of(K8S_ORDERS), List.of(endpoint(K8S_ORDERS, "10.0.0.5", "b")))));

    assertThat(result.model().endpointsOf(SHOP_ORDERS)).hasSize(1);
    assertThat(result.conflicts()).isEmpty();
  }

  @Test
  void sameAddressOnAnotherTargetPortIsAnotherEndpoint() {
    Endpoint other =
        new Endpoint(
            SHOP_ORDERS, "10.0.0.5", Map.of("http", 9999), Map.of(), HealthStatus.HEALTHY,
            Locality.UNKNOWN, 1, "b");
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("a", List.of(K8S_ORDERS), List.of(endpoint(K8S_ORDERS, "10.0.0.5", "a"))),
                snapshot("b", List.of(K8S_ORDERS), List.of(other))));

    assertThat(result.model().endpointsOf(SHOP_ORDERS)).hasSize(2);
  }

  @Test
  void statesTrackLastGoodSyncOutagesAndCounts() {
    Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    RegistryStates states =
        new RegistryStates(List.of("zk"), ServiceMapping.IDENTITY, Clock.fixed(t0, ZoneOffset.UTC));
    RegistrySnapshot good =
        snapshot("zk", List.of(K8S_ORDERS), List.of(endpoint(K8S_ORDERS, "10.0.0.1", "zk")));
    states.update(good);
    states.update(good.asStale(2, "connection lost"));

    RegistryStatus status = states.statuses().get(0);
    assertThat(status.stale()).isTrue();
    assertThat(status.lastSync()).isEqualTo(t0);
    assertThat(status.outages()).isEqualTo(1);
    assertThat(status.services()).isEqualTo(1);
    assertThat(status.endpoints()).isEqualTo(1);
    assertThat(states.aggregate().model().endpointsOf(SHOP_ORDERS)).hasSize(1);
  }

  @Test
  void aMappingNamingAnUndeclaredRegistryIsRejected() {
    assertThatThrownBy(() -> new RegistryStates(List.of("k8s"), EUREKA_TO_SHOP, Clock.systemUTC()))
        .hasMessage("services: registry 'eureka' is not declared (expected one of: [k8s])");
  }
}
