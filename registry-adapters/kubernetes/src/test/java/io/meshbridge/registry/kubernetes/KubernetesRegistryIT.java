package io.meshbridge.registry.kubernetes;

import static io.meshbridge.registry.kubernetes.K8s.endpoint;
import static io.meshbridge.registry.kubernetes.K8s.port;
import static io.meshbridge.registry.kubernetes.K8s.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry against fabric8's mock API server in CRUD mode (no kube-apiserver can run here). */
class KubernetesRegistryIT {

  private static final ServiceKey ORDERS = ServiceKey.of("shop", "orders");

  private MockCluster cluster;
  private KubernetesClient client;
  private final List<KubernetesRegistry> registries = new ArrayList<>();

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    client = cluster.client();
  }

  @AfterEach
  void tearDown() {
    registries.forEach(KubernetesRegistry::close);
    cluster.close();
  }

  private Snapshots start(KubernetesRegistryConfig config) {
    KubernetesRegistry registry = new KubernetesRegistry(config, cluster.client());
    registries.add(registry);
    Snapshots snapshots = new Snapshots();
    registry.start(snapshots);
    return snapshots;
  }

  private void createOrders() {
    client
        .resource(
            K8s.service(
                "shop",
                "orders",
                Map.of("app", "orders"),
                port("http", 80, null),
                port("grpc-api", 9090, null),
                port("admin", 9100, "http2"),
                port("db", 5432, null)))
        .create();
    client.resource(K8s.node("node-1", "eu-west", "eu-west-1a")).create();
    client.resource(K8s.node("node-2", "eu-west", "eu-west-1b")).create();
    client
        .resource(
            K8s.pod(
                "shop",
                "orders-1",
                Map.of("app", "orders", "version", "v1"),
                "orders-sa",
                "node-1"))
        .create();
    client
        .resource(
            K8s.pod(
                "shop",
                "orders-2",
                Map.of("app", "orders", "version", "v2"),
                "orders-sa",
                "node-2"))
        .create();
    client
        .resource(
            slice(
                "orders-abc",
                endpoint("10.0.0.1", "orders-1", "node-1", "eu-west-1a"),
                endpoint("10.0.0.2", "orders-2", "node-2", null)))
        .create();
  }

  private static EndpointSlice slice(
      String name, io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
    return K8s.slice(
        "shop",
        name,
        "orders",
        List.of(
            slicePort("http", 8080),
            slicePort("grpc-api", 9091),
            slicePort("admin", 9101),
            slicePort("db", 5433)),
        endpoints);
  }

  private static Endpoint expected(
      String address, String version, HealthStatus health, Locality locality) {
    return new Endpoint(
        ORDERS,
        address,
        Map.of("http", 8080, "grpc-api", 9091, "admin", 9101, "db", 5433),
        Map.of(
            "app",
            "orders",
            "version",
            version,
            KubernetesRegistry.SERVICE_ACCOUNT_LABEL,
            "orders-sa",
            KubernetesRegistry.CLUSTER_LABEL,
            "east"),
        health,
        locality,
        1,
        "k8s-east");
  }

  @Test
  void serviceAndSliceBecomeExactModelValues() {
    createOrders();
    Snapshots snapshots = start(KubernetesRegistryConfig.of("k8s-east").withClusterId("east"));

    RegistrySnapshot s = snapshots.await(x -> x.endpoints().size() == 2);

    assertThat(s.registryId()).isEqualTo("k8s-east");
    assertThat(s.stale()).isFalse();
    assertThat(s.problems()).isEmpty();
    assertThat(s.services())
        .containsExactly(
            new Service(
                ORDERS,
                List.of("orders.shop.svc.cluster.local", "orders.shop.svc"),
                List.of(
                    new ServicePort("http", 80, Protocol.HTTP),
                    new ServicePort("grpc-api", 9090, Protocol.GRPC),
                    new ServicePort("admin", 9100, Protocol.HTTP2),
                    new ServicePort("db", 5432, Protocol.TCP)),
                Map.of("app", "orders")));
    assertThat(s.endpoints())
        .containsExactly(
            expected(
                "10.0.0.1", "v1", HealthStatus.HEALTHY, new Locality("eu-west", "eu-west-1a", "")),
            expected(
                "10.0.0.2", "v2", HealthStatus.HEALTHY, new Locality("eu-west", "eu-west-1b", "")));
  }

  @Test
  void scalingAndDeletingFollow() {
    createOrders();
    Snapshots snapshots = start(KubernetesRegistryConfig.of("k8s-east").withClusterId("east"));
    snapshots.await(x -> x.endpoints().size() == 2);

    // Scale up: a third endpoint in a second slice.
    client
        .resource(
            K8s.slice(
                "shop",
                "orders-def",
                "orders",
                List.of(slicePort("http", 8080)),
                endpoint("10.0.0.3", null, null, null)))
        .create();
    RegistrySnapshot up = snapshots.await(x -> x.endpoints().size() == 3);
    assertThat(up.endpoints())
        .extracting(Endpoint::address)
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");

    // Scale down: the first slice loses an endpoint.
    client.resource(slice("orders-abc", endpoint("10.0.0.2", "orders-2", "node-2", null))).update();
    RegistrySnapshot down = snapshots.await(x -> x.endpoints().size() == 2);
    assertThat(down.endpoints())
        .extracting(Endpoint::address)
        .containsExactly("10.0.0.2", "10.0.0.3");
    assertThat(down.version()).isGreaterThan(up.version());

    // The Service goes: its endpoints go with it, even while slices remain.
    client.services().inNamespace("shop").withName("orders").delete();
    RegistrySnapshot gone = snapshots.await(x -> x.services().isEmpty());
    assertThat(gone.endpoints()).isEmpty();
    assertThat(gone.stale()).isFalse();
  }

  @Test
  void terminatingServingEndpointsDrainAndNotReadyOnesAreUnhealthy() {
    createOrders();
    Snapshots snapshots = start(KubernetesRegistryConfig.of("k8s-east").withClusterId("east"));
    snapshots.await(x -> x.endpoints().size() == 2);

    client
        .resource(
            slice(
                "orders-abc",
                K8s.conditions("10.0.0.1", "orders-1", "node-1", "eu-west-1a", false, true, true),
                K8s.conditions("10.0.0.2", "orders-2", "node-2", null, false, false, false)))
        .update();

    RegistrySnapshot s =
        snapshots.await(x -> x.endpoints().get(0).health() != HealthStatus.HEALTHY);
    assertThat(s.endpoints())
        .extracting(Endpoint::health)
        .containsExactly(HealthStatus.DRAINING, HealthStatus.UNHEALTHY);
  }

  @Test
  void objectsOutsideTheSelectedNamespacesOrLabelsAreIgnored() {
    createOrders();
    client
        .resource(K8s.service("other", "orders", Map.of("app", "orders"), port("http", 80, null)))
        .create();
    client
        .resource(
            K8s.slice(
                "other",
                "orders-x",
                "orders",
                List.of(slicePort("http", 8080)),
                endpoint("10.1.0.1", null, null, null)))
        .create();
    client
        .resource(K8s.service("shop", "hidden", Map.of("app", "hidden"), port("http", 80, null)))
        .create();

    Snapshots byNamespace =
        start(KubernetesRegistryConfig.of("only-shop").withNamespaces(List.of("shop")));
    Snapshots byLabel =
        start(KubernetesRegistryConfig.of("only-orders").withLabelSelector("app=orders"));

    RegistrySnapshot ns = byNamespace.await(x -> x.endpoints().size() == 2);
    assertThat(ns.services())
        .extracting(Service::key)
        .containsExactly(ServiceKey.of("shop", "hidden"), ORDERS);
    assertThat(ns.endpoints()).extracting(Endpoint::service).containsOnly(ORDERS);
    RegistrySnapshot labelled = byLabel.await(x -> x.endpoints().size() == 3);
    assertThat(labelled.services())
        .extracting(Service::key)
        .containsExactly(ServiceKey.of("other", "orders"), ORDERS);
  }

  @Test
  void badPayloadsAreLeftOutAndNamed() {
    createOrders();
    client
        .resource(
            slice(
                "orders-bad",
                endpoint("not-an-ip", null, null, null),
                endpoint("10.0.0.9", null, null, null)))
        .create();
    client
        .resource(
            K8s.slice(
                "shop",
                "orders-noname",
                "orders",
                List.of(slicePort(null, 8080)),
                endpoint("10.0.0.8", null, null, null)))
        .create();
    Snapshots snapshots = start(KubernetesRegistryConfig.of("k8s-east"));

    RegistrySnapshot s = snapshots.await(x -> x.endpoints().size() == 3);

    assertThat(s.endpoints())
        .extracting(Endpoint::address)
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.9");
    assertThat(s.problems())
        .containsExactly(
            "endpointslice shop/orders-bad: endpoints[0].addresses[0]: 'not-an-ip' (expected: an"
                + " IPv4 address, as the slice's addressType is IPv4); endpoint left out",
            "endpointslice shop/orders-noname: ports[0].name: '' (expected one of the port names of"
                + " service shop/orders: admin, db, grpc-api, http); left out");
  }

  @Test
  void outageKeepsTheContentMarkedStaleAndRecoveryPublishesItFresh() {
    createOrders();
    Snapshots snapshots =
        start(
            KubernetesRegistryConfig.of("k8s-east")
                .withClusterId("east")
                .withStaleAfter(Duration.ofMillis(500)));
    RegistrySnapshot before = snapshots.await(x -> x.endpoints().size() == 2);

    cluster.stop();
    // Each watch notices on its own; wait until the Service and slice watches are named.
    RegistrySnapshot stale =
        snapshots.await(
            x ->
                x.stale()
                    && x.problems().toString().contains("services in all namespaces")
                    && x.problems().toString().contains("endpointslices in all namespaces"));
    assertThat(stale.services()).isEqualTo(before.services());
    assertThat(stale.endpoints()).isEqualTo(before.endpoints());
    assertThat(stale.problems())
        .singleElement()
        .asString()
        .startsWith("Kubernetes API server: no watch for 0.5s on ")
        .endsWith("; serving the last content");
    assertThat(snapshots.all()).noneMatch(x -> x.services().isEmpty());

    cluster.restart();
    RegistrySnapshot fresh = snapshots.await(x -> !x.stale());
    assertThat(fresh.version()).isGreaterThan(stale.version());
    assertThat(fresh.services()).isEqualTo(before.services());
    assertThat(fresh.endpoints()).isEqualTo(before.endpoints());
    assertThat(fresh.problems()).isEmpty();

    // Watching again: a change after the outage arrives.
    client.resource(slice("orders-abc", endpoint("10.0.0.2", "orders-2", "node-2", null))).update();
    snapshots.await(x -> x.endpoints().size() == 1);
  }
}
