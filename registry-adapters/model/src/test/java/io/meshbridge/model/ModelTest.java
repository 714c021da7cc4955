package io.meshbridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

  private static final ServiceKey ORDERS = ServiceKey.of("shop", "orders");

  private static Service orders() {
    return new Service(
        ORDERS, List.of(), List.of(new ServicePort("http", 8080, Protocol.HTTP)), Map.of());
  }

  private static Endpoint endpoint(ServiceKey key, String address) {
    return new Endpoint(
        key, address, Map.of("http", 18080), Map.of(), HealthStatus.HEALTHY, Locality.UNKNOWN, 1,
        "files");
  }

  @Test
  void meshHostnameIsNameNamespaceMesh() {
    assertThat(ORDERS.meshHostname()).isEqualTo("orders.shop.mesh");
  }

  @Test
  void rejectsNamesThatAreNotDnsLabels() {
    assertThatThrownBy(() -> ServiceKey.of("shop", "Orders_1"))
        .hasMessageContaining("name: 'Orders_1'");
  }

  @Test
  void rejectsOutOfRangePortsNamingTheField() {
    assertThatThrownBy(() -> new ServicePort("http", 70000, Protocol.HTTP))
        .hasMessage("number: 70000 (expected: 1..65535)");
  }

  @Test
  void rejectsDuplicatePortNumbers() {
    assertThatThrownBy(
            () ->
                new Service(
                    ORDERS,
                    List.of(),
                    List.of(
                        new ServicePort("http", 8080, Protocol.HTTP),
                        new ServicePort("grpc", 8080, Protocol.GRPC)),
                    Map.of()))
        .hasMessageContaining("number 8080 appears twice");
  }

  @Test
  void targetPortFallsBackToServicePortNumber() {
    Endpoint e = endpoint(ORDERS, "10.0.0.1");
    assertThat(e.targetPort(new ServicePort("http", 8080, Protocol.HTTP))).isEqualTo(18080);
    assertThat(e.targetPort(new ServicePort("admin", 9090, Protocol.HTTP))).isEqualTo(9090);
  }

  @Test
  void rejectsWeightOutOfRange() {
    assertThatThrownBy(
            () ->
                new Endpoint(
                    ORDERS, "10.0.0.1", Map.of(), Map.of(), HealthStatus.HEALTHY,
                    Locality.UNKNOWN, 0, "files"))
        .hasMessage("weight: 0 (expected: 1..1000)");
  }

  @Test
  void modelGroupsEndpointsByServiceAndRejectsOrphans() {
    MeshModel model =
        MeshModel.of(List.of(orders()), List.of(endpoint(ORDERS, "10.0.0.1")));
    assertThat(model.endpointsOf(ORDERS)).hasSize(1);
    assertThatThrownBy(
            () ->
                MeshModel.of(List.of(orders()), List.of(endpoint(ServiceKey.of("shop", "x"), "a"))))
        .hasMessageContaining("shop/x");
  }

  @Test
  void staleSnapshotKeepsContentAndAddsTheProblem() {
    RegistrySnapshot s =
        new RegistrySnapshot("zk", 3, List.of(orders()), List.of(), false, List.of());
    RegistrySnapshot stale = s.asStale(4, "connection lost");
    assertThat(stale.stale()).isTrue();
    assertThat(stale.services()).isEqualTo(s.services());
    assertThat(stale.problems()).containsExactly("connection lost");
  }
}
