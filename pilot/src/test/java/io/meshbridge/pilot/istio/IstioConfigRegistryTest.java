package io.meshbridge.pilot.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Resolution;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicySet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceEntries and WorkloadEntries as the istio-config registry publishes them. */
class IstioConfigRegistryTest {

  private static final String ENTRIES =
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: shop}
      spec:
        hosts: [api.example.com]
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP, targetPort: 8080}]
        endpoints:
        - {address: 192.0.2.1, ports: {http: 9080}, labels: {v: "1"}, locality: us/a, weight: 3}
        - {address: 192.0.2.2}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: vms, namespace: shop}
      spec:
        hosts: [orders.vm.internal, api.example.com]
        resolution: STATIC
        ports: [{number: 8080, name: http, protocol: HTTP}]
        workloadSelector: {labels: {app: orders}}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: dns, namespace: shop}
      spec:
        hosts: [db.example.com]
        resolution: DNS
        ports: [{number: 5432, name: pg, protocol: TCP}]
      ---
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: vm-1, namespace: shop}
      spec: {address: 10.0.0.1, labels: {app: orders}, ports: {http: 18080}}
      ---
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: vm-2, namespace: shop}
      spec: {address: vm-2.internal, labels: {app: orders}}
      ---
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: vm-3, namespace: other}
      spec: {address: 10.0.0.3, labels: {app: orders}}
      """;

  private static final ServicePort HTTP80 = new ServicePort("http", 80, Protocol.HTTP);
  private static final ServicePort HTTP8080 = new ServicePort("http", 8080, Protocol.HTTP);

  private static PolicySet policies(String yaml) {
    PolicyParser.Result r = PolicyParser.parse("entries.yaml", yaml);
    assertThat(r.rejections()).isEmpty();
    return PolicySet.of(r.resources(), r.rejections());
  }

  private static Endpoint endpoint(
      ServiceKey key, String address, Map<String, Integer> ports, Map<String, String> labels,
      Locality locality, int weight) {
    return new Endpoint(
        key, address, ports, labels, HealthStatus.HEALTHY, locality, weight, "istio-config");
  }

  @Test
  void publishesOneServicePerHostWithEndpointsFromEntriesOrSelectedWorkloads() {
    IstioConfigRegistry registry = new IstioConfigRegistry();
    List<RegistrySnapshot> published = new ArrayList<>();
    registry.update(policies(ENTRIES)); // before start: kept, delivered on start
    registry.start(published::add);

    assertThat(published).hasSize(1);
    RegistrySnapshot s = published.get(0);
    ServiceKey api = ServiceKey.of("shop", "api-example-com");
    ServiceKey orders = ServiceKey.of("shop", "orders-vm-internal");
    ServiceKey db = ServiceKey.of("shop", "db-example-com");
    assertThat(s.registryId()).isEqualTo("istio-config");
    assertThat(s.services())
        .containsExactly( // in (namespace, name) order of the ServiceEntries
            new Service(
                db, List.of("db.example.com"), List.of(new ServicePort("pg", 5432, Protocol.TCP)),
                Map.of(), Resolution.DNS),
            new Service(api, List.of("api.example.com"), List.of(HTTP80), Map.of()),
            new Service(orders, List.of("orders.vm.internal"), List.of(HTTP8080), Map.of()));
    assertThat(s.endpoints())
        .containsExactly(
            endpoint(db, "db.example.com", Map.of(), Map.of(), Locality.UNKNOWN, 1),
            endpoint(api, "192.0.2.1", Map.of("http", 9080), Map.of("v", "1"),
                new Locality("us", "a", ""), 3),
            endpoint(api, "192.0.2.2", Map.of("http", 8080), Map.of(), Locality.UNKNOWN, 1),
            endpoint(orders, "10.0.0.1", Map.of("http", 18080), Map.of("app", "orders"),
                Locality.UNKNOWN, 1));
    assertThat(s.problems())
        .containsExactly(
            "WorkloadEntry shop/vm-2: spec.address: 'vm-2.internal' is not an IP address, which"
                + " ServiceEntry shop/vms (resolution STATIC) needs; left out of it"
                + " (entries.yaml#5)",
            "ServiceEntry shop/vms: spec.hosts[1]: 'api.example.com' is already service"
                + " shop/api-example-com of ServiceEntry shop/ext; left out (entries.yaml#2)");
  }

  @Test
  void publishesOnlyChangesWithGrowingVersions() {
    IstioConfigRegistry registry = new IstioConfigRegistry();
    List<RegistrySnapshot> published = new ArrayList<>();
    registry.start(published::add);
    registry.update(policies(ENTRIES));
    registry.update(policies(ENTRIES));
    registry.update(PolicySet.EMPTY);
    assertThat(published).extracting(RegistrySnapshot::version).containsExactly(1L, 2L);
    assertThat(published.get(1).services()).isEmpty();
  }

  @Test
  void longHostNamesStayUniqueDnsLabels() {
    String host = "a-very-long-host-name-that-goes-on.and-on-and-on.example.company.com";
    String name = ServiceNames.of(host);
    assertThat(name).hasSize(63).matches("a-very-long-host-name-that-goes-on-and-on-and-on-examp-[0-9a-f]{8}");
    assertThat(ServiceKey.of("shop", name).name()).isEqualTo(name);
    assertThat(ServiceNames.of(host.replace("company", "companz"))).isNotEqualTo(name);
  }

  @Test
  void autoRegisteredEntriesJoinWhileTheirGroupIsAcceptedAndUnhealthyOnesAreMarked() {
    String group = """
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadGroup
        metadata: {name: orders, namespace: shop}
        spec: {template: {ports: {http: 9090}}}
        """;
    IstioConfigRegistry registry = new IstioConfigRegistry();
    List<RegistrySnapshot> published = new ArrayList<>();
    registry.start(published::add);
    io.meshbridge.pilot.policy.WorkloadEntry auto = new io.meshbridge.pilot.policy.WorkloadEntry(
        "shop", "orders-10.0.0.9", new io.meshbridge.pilot.policy.Workload("10.0.0.9",
            Map.of("http", 9090), Map.of("app", "orders"), Locality.UNKNOWN, 1, "", ""),
        "auto-registered from WorkloadGroup shop/orders");
    registry.update(policies(ENTRIES + group));
    registry.autoRegistered(List.of(new io.meshbridge.pilot.autoregister.AutoRegisteredEntry(
        auto, "orders", "spiffe://cluster.local/ns/shop/sa/default", 1, null, null, false)));
    RegistrySnapshot last = published.get(published.size() - 1);
    assertThat(last.endpoints()).filteredOn(e -> e.address().equals("10.0.0.9"))
        .isNotEmpty().allSatisfy(e -> assertThat(e.health()).isEqualTo(HealthStatus.UNHEALTHY));
    assertThat(registry.workloadGroup("shop", "orders")).isNotNull();

    registry.update(policies(ENTRIES)); // the group is deleted
    last = published.get(published.size() - 1);
    assertThat(last.endpoints()).noneMatch(e -> e.address().equals("10.0.0.9"));
    assertThat(last.problems()).anyMatch(p -> p.contains(
        "WorkloadEntry shop/orders-10.0.0.9 (auto-registered from WorkloadGroup shop/orders): the"
            + " WorkloadGroup is gone; left out"));
  }
}
