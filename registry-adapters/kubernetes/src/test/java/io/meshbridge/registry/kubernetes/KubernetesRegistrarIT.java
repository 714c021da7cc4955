package io.meshbridge.registry.kubernetes;

import static io.meshbridge.registry.kubernetes.K8s.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import io.meshbridge.model.RegistrySnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registrar against fabric8's mock API server in CRUD mode, read back by the registry. */
class KubernetesRegistrarIT {

  private static final ServiceKey BILLING = ServiceKey.of("shop", "billing");
  private static final WorkloadInstance VM =
      new WorkloadInstance(
          BILLING,
          "vm-7.example.com",
          "192.168.1.7",
          List.of(new ServicePort("http", 8080, Protocol.HTTP)),
          Map.of("version", "v3"),
          new Locality("eu-west", "eu-west-1c", ""));

  private MockCluster cluster;
  private KubernetesClient client;
  private KubernetesRegistrar registrar;
  private KubernetesRegistry registry;
  private final Snapshots snapshots = new Snapshots();

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    client = cluster.client();
    registrar = new KubernetesRegistrar(cluster.client());
    registry =
        new KubernetesRegistry(
            KubernetesRegistryConfig.of("k8s").withClusterId("east"), cluster.client());
  }

  @AfterEach
  void tearDown() {
    registrar.close();
    registry.close();
    cluster.close();
  }

  private EndpointSlice slice() {
    return client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .withName("billing-vm-vm-7.example.com")
        .get();
  }

  @Test
  void registeringUnderAMissingServiceIsRefusedClearly() {
    assertThatThrownBy(() -> registrar.register(VM))
        .isInstanceOf(RegistrationException.class)
        .hasMessageStartingWith(
            "service shop/billing does not exist in kubernetes(http://127.0.0.1:")
        .hasMessageContaining("create it first");
  }

  @Test
  void aPortTheServiceDoesNotHaveIsRefused() {
    client.resource(K8s.service("shop", "billing", Map.of(), port("grpc", 9090, null))).create();

    assertThatThrownBy(() -> registrar.register(VM))
        .isInstanceOf(RegistrationException.class)
        .hasMessage(
            "workload shop/billing vm-7.example.com: ports.http: not a port of service"
                + " shop/billing (expected one of: grpc)");
  }

  @Test
  void createsTheSliceFlipsReadinessAndDeletesItOnClose() {
    client
        .resource(K8s.service("shop", "billing", Map.of("app", "billing"), port("http", 80, null)))
        .create();
    registry.start(snapshots);

    registrar.register(VM);

    EndpointSlice slice = slice();
    assertThat(slice.getMetadata().getLabels())
        .containsEntry("kubernetes.io/service-name", "billing")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "meshbridge.io/registrar")
        .containsEntry("version", "v3");
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getEndpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getAddresses()).containsExactly("192.168.1.7");
              assertThat(e.getConditions().getReady()).isNull();
            });
    Endpoint seen = snapshots.await(s -> s.endpoints().size() == 1).endpoints().get(0);
    assertThat(seen)
        .isEqualTo(
            new Endpoint(
                BILLING,
                "192.168.1.7",
                Map.of("http", 8080),
                Map.of("version", "v3", KubernetesRegistry.CLUSTER_LABEL, "east"),
                HealthStatus.HEALTHY,
                new Locality("eu-west", "eu-west-1c", ""),
                1,
                "k8s"));

    registrar.setHealth(HealthStatus.UNHEALTHY);
    awaitConditions(false, false, false);
    snapshots.await(s -> s.endpoints().get(0).health() == HealthStatus.UNHEALTHY);

    registrar.setHealth(HealthStatus.DRAINING);
    awaitConditions(false, true, true);
    snapshots.await(s -> s.endpoints().get(0).health() == HealthStatus.DRAINING);

    registrar.setHealth(HealthStatus.HEALTHY);
    awaitConditions(true, true, false);
    snapshots.await(s -> s.endpoints().get(0).health() == HealthStatus.HEALTHY);

    registrar.close();
    assertThat(slice()).isNull();
    snapshots.await(s -> s.endpoints().isEmpty());
    registrar.deregister(); // idempotent, even after close
    assertThatThrownBy(() -> registrar.setHealth(HealthStatus.HEALTHY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(": setHealth after close");
  }

  @Test
  void theLeaseIsRenewedAndACrashedRegistrarsSliceLeavesTheModelWhenItRunsOut() {
    client
        .resource(K8s.service("shop", "billing", Map.of("app", "billing"), port("http", 80, null)))
        .create();
    registry.start(snapshots);
    ScheduledThreadPoolExecutor crashable = new ScheduledThreadPoolExecutor(1);
    KubernetesRegistrar leased =
        new KubernetesRegistrar(
            cluster.client(), false, Duration.ofSeconds(3), Clock.systemUTC(), crashable);

    leased.register(VM);
    leased.setHealth(HealthStatus.HEALTHY);
    String firstRenewal = slice().getMetadata().getAnnotations().get(SliceLeases.RENEW_TIME);
    assertThat(slice().getMetadata().getAnnotations())
        .containsEntry(SliceLeases.DURATION_SECONDS, "3");
    snapshots.await(s -> s.endpoints().size() == 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !firstRenewal.equals(
                    slice().getMetadata().getAnnotations().get(SliceLeases.RENEW_TIME)));

    crashable.shutdownNow(); // a crash: no deregistration, no more renewals
    RegistrySnapshot after = snapshots.await(s -> s.endpoints().isEmpty());

    assertThat(slice()).as("the slice itself stays, as after a real crash").isNotNull();
    assertThat(after.problems())
        .singleElement()
        .asString()
        .startsWith("endpointslice shop/billing-vm-vm-7.example.com: lease expired at ");
  }

  @Test
  void setHealthBeforeRegisterIsAnError() {
    assertThatThrownBy(() -> registrar.setHealth(HealthStatus.HEALTHY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(": setHealth before register");
  }

  private void awaitConditions(boolean ready, boolean serving, boolean terminating) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              EndpointConditions c = slice().getEndpoints().get(0).getConditions();
              assertThat(Arrays.asList(c.getReady(), c.getServing(), c.getTerminating()))
                  .containsExactly(ready, serving, terminating);
            });
  }
}
