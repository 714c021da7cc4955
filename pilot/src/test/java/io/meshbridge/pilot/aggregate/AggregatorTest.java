package io.meshbridge.pilot.aggregate;

import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {

  private static final Service ORDERS = service("shop", "orders", List.of("orders.a"), http(8080));
  private static final Service ORDERS_B = service("shop", "orders", List.of("orders.b"), http(8080));
  private static final Service ORDERS_9090 = service("shop", "orders", http(9090));
  private static final Service ORDERS_GRPC =
      service("shop", "orders", io.meshbridge.pilot.testing.Models.port("grpc", 8080,
          io.meshbridge.model.Protocol.GRPC));
  private static final Service GHOST = service("shop", "ghost", http(8080));

  private static RegistrySnapshot snapshot(
      String id, long version, List<Service> services, List<Endpoint> endpoints) {
    return new RegistrySnapshot(id, version, services, endpoints, false, List.of());
  }

  @Test
  void firstRegistryInOrderDefinesTheService() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("k8s", 1, List.of(ORDERS), List.of()),
                snapshot("consul", 1, List.of(ORDERS_B), List.of())));

    assertThat(result.model().services().get(ORDERS.key())).isEqualTo(ORDERS);
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void laterRegistryWithOtherPortsIsReportedNotMerged() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("k8s", 1, List.of(ORDERS), List.of()),
                snapshot("consul", 1, List.of(ORDERS_GRPC), List.of())));

    assertThat(result.model().services().get(ORDERS.key()).ports()).containsExactly(http(8080));
    assertThat(result.problems()).singleElement().asString()
        .startsWith("service shop/orders: registry 'consul' defines ports")
        .contains("registry 'k8s', which takes precedence");
  }

  @Test
  void otherPortNumbersWithTheSameNamesAndProtocolsAreNormalAcrossRegistries() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("k8s", 1, List.of(ORDERS), List.of()),
                snapshot("consul", 1, List.of(ORDERS_9090), List.of())));

    assertThat(result.model().services().get(ORDERS.key()).ports()).containsExactly(http(8080));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void endpointsOfEverySourceAreKeptAndLabelledWithTheirRegistry() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot("k8s", 1, List.of(ORDERS), List.of(endpoint(ORDERS, "10.0.0.1", "k8s"))),
                snapshot("eureka", 4, List.of(), List.of(endpoint(ORDERS, "10.0.0.2", "eureka")))));

    assertThat(result.model().endpointsOf(ORDERS.key()))
        .extracting(e -> e.address() + "=" + e.labels().get(Endpoint.REGISTRY_LABEL))
        .containsExactly("10.0.0.1=k8s", "10.0.0.2=eureka");
  }

  @Test
  void orphanEndpointsAreLeftOutAndReported() {
    AggregateResult result =
        Aggregator.aggregate(
            List.of(
                snapshot(
                    "files",
                    1,
                    List.of(ORDERS),
                    List.of(endpoint(GHOST, "10.0.0.7", "files"), endpoint(GHOST, "10.0.0.8", "files")))));

    assertThat(result.model().services()).containsOnlyKeys(ORDERS.key());
    assertThat(result.problems())
        .containsExactly(
            "registry 'files': 2 endpoints of service shop/ghost left out:"
                + " no registry defines the service");
  }

  @Test
  void staleSnapshotsKeepServingAndAreMarked() {
    RegistrySnapshot fresh =
        snapshot("zk", 3, List.of(ORDERS), List.of(endpoint(ORDERS, "10.0.0.1", "zk")));

    AggregateResult result = Aggregator.aggregate(List.of(fresh.asStale(4, "connection lost")));

    assertThat(result.model().endpointsOf(ORDERS.key())).hasSize(1);
    assertThat(result.registries())
        .containsExactly(
            new RegistryStatus("zk", 4, true, true, null, 1, 1, 0, List.of("connection lost")));
  }

  @Test
  void statesListRegistriesInDeclaredOrderAndWaitForEveryFirstSnapshot() {
    RegistryStates states = new RegistryStates(List.of("k8s", "files"));
    states.update(snapshot("files", 2, List.of(ORDERS_B), List.of()));

    assertThat(states.allSynced()).isFalse();
    assertThat(states.aggregate().registries())
        .extracting(RegistryStatus::id, RegistryStatus::synced)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("k8s", false),
            org.assertj.core.groups.Tuple.tuple("files", true));

    states.update(snapshot("k8s", 1, List.of(ORDERS), List.of()));
    assertThat(states.allSynced()).isTrue();
    assertThat(states.aggregate().model().services().get(ServiceKey.of("shop", "orders")))
        .isEqualTo(ORDERS);
  }

  @Test
  void statesIgnoreOlderSnapshotsAndRejectUndeclaredRegistries() {
    RegistryStates states = new RegistryStates(List.of("files"));
    assertThat(states.update(snapshot("files", 2, List.of(ORDERS), List.of()))).isTrue();
    assertThat(states.update(snapshot("files", 1, List.of(), List.of()))).isFalse();
    assertThat(states.aggregate().model().services()).hasSize(1);

    assertThatThrownBy(() -> states.update(snapshot("nope", 1, List.of(), List.of())))
        .hasMessage("snapshot.registryId: 'nope' (expected one of: [files])");
    assertThatThrownBy(() -> new RegistryStates(List.of("a", "a")))
        .hasMessage("registries[1].id: 'a' (expected: unique ids)");
  }
}
