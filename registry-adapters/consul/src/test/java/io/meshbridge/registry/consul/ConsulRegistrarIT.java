package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import io.meshbridge.testing.consul.ServiceInstance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registrar against the simulated agent, read back through the registry. */
class ConsulRegistrarIT {

  private static final WorkloadInstance ORDERS_VM1 =
      new WorkloadInstance(
          ServiceKey.of("default", "orders"),
          "vm1",
          "10.0.0.7",
          List.of(new ServicePort("http", 8080, Protocol.HTTP)),
          Map.of("version", "v2"),
          Locality.UNKNOWN);
  private static final String ID = "orders-vm1";
  private static final String CHECK = "service:orders-vm1";

  private final ConsulSimulator consul = ConsulSimulator.builder().writeToken("agent").start();
  private ConsulRegistrar registrar;
  private ConsulRegistry registry;

  @AfterEach
  void tearDown() {
    if (registrar != null) {
      registrar.close();
    }
    if (registry != null) {
      registry.close();
    }
    consul.close();
  }

  @Test
  void registersWithATtlCheckThatFollowsSetHealth() {
    registrar = builder().build();
    registrar.register(ORDERS_VM1);

    ServiceInstance registered = consul.instance("dc1", ID).orElseThrow();
    assertThat(registered.name()).isEqualTo("orders");
    assertThat(registered.address()).isEqualTo("10.0.0.7");
    assertThat(registered.port()).isEqualTo(8080);
    assertThat(registered.tags()).containsExactly("version=v2");
    assertThat(registered.meta()).isEqualTo(Map.of("protocol", "http"));
    assertThat(consul.checkIds("dc1", ID)).containsExactly(CHECK);
    assertThat(consul.checkStatus("dc1", CHECK)).contains(CheckStatus.WARNING);

    Snapshots seen = new Snapshots();
    registry =
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .token("agent")
            .build();
    registry.start(seen);
    seen.awaitAddresses();

    registrar.setHealth(HealthStatus.HEALTHY);
    RegistrySnapshot healthy = seen.awaitAddresses("10.0.0.7");
    assertThat(healthy.endpoints().get(0).labels())
        .isEqualTo(Map.of("version", "v2", "protocol", "http"));
    assertThat(healthy.endpoints().get(0).ports()).isEqualTo(Map.of("http", 8080));

    registrar.setHealth(HealthStatus.UNHEALTHY);
    seen.awaitAddresses();
    assertThat(consul.checkStatus("dc1", CHECK)).contains(CheckStatus.CRITICAL);
    registrar.setHealth(HealthStatus.DRAINING);
    await().until(() -> consul.checkStatus("dc1", CHECK).orElseThrow() == CheckStatus.WARNING);
    registrar.setHealth(HealthStatus.HEALTHY);
    seen.awaitAddresses("10.0.0.7");
  }

  @Test
  void theHeartbeatKeepsTheTtlFromExpiring() {
    registrar = builder().build();
    registrar.register(ORDERS_VM1);
    registrar.setHealth(HealthStatus.HEALTHY);
    await().until(() -> consul.checkStatus("dc1", CHECK).orElseThrow() == CheckStatus.PASSING);

    // Real time: several 3 s TTLs pass, the check stays passing.
    await()
        .during(Duration.ofSeconds(7))
        .atMost(Duration.ofSeconds(8))
        .until(() -> consul.checkStatus("dc1", CHECK).orElseThrow() == CheckStatus.PASSING);
  }

  @Test
  void closeDeregisters() {
    registrar = builder().build();
    registrar.register(ORDERS_VM1);
    registrar.setHealth(HealthStatus.HEALTHY);

    registrar.close();

    assertThat(consul.instance("dc1", ID)).isEmpty();
    assertThat(consul.checkStatus("dc1", CHECK)).isEmpty();
    registrar.close(); // idempotent
  }

  @Test
  void afterACrashTheTtlExpiresAndConsulRemovesTheRegistration() {
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    registrar = builder().executor(thread).build();
    registrar.register(ORDERS_VM1);
    registrar.setHealth(HealthStatus.HEALTHY);
    await().until(() -> consul.checkStatus("dc1", CHECK).orElseThrow() == CheckStatus.PASSING);

    thread.shutdownNow(); // the VM dies: no more heartbeats, no deregistration
    consul.advanceTime(Duration.ofSeconds(4));
    assertThat(consul.checkStatus("dc1", CHECK)).contains(CheckStatus.CRITICAL);
    assertThat(consul.instance("dc1", ID)).isPresent();

    consul.advanceTime(Duration.ofSeconds(70));
    assertThat(consul.instance("dc1", ID)).isEmpty();
  }

  @Test
  void aRegistrationTheAgentLostIsRegisteredAgain() {
    registrar = builder().build();
    registrar.register(ORDERS_VM1);
    registrar.setHealth(HealthStatus.HEALTHY);
    await().until(() -> consul.checkStatus("dc1", CHECK).orElseThrow() == CheckStatus.PASSING);

    consul.deregister("dc1", ID); // e.g. the agent restarted without its state

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                consul.instance("dc1", ID).isPresent()
                    && consul.checkStatus("dc1", CHECK).orElseThrow() == CheckStatus.PASSING);
  }

  @Test
  void refusalsAndUnsupportedInstancesAreErrorsNamingThem() {
    registrar =
        ConsulRegistrar.builder().address(URI.create(consul.address())).token("nope").build();
    assertThatThrownBy(() -> registrar.register(ORDERS_VM1))
        .isInstanceOf(RegistrationException.class)
        .hasMessage(
            "consul("
                + consul.address()
                + "): registering orders-vm1 failed:"
                + " HTTP 403: ACL not found");

    WorkloadInstance twoPorts =
        new WorkloadInstance(
            ORDERS_VM1.service(),
            "vm1",
            "10.0.0.7",
            List.of(
                new ServicePort("http", 8080, Protocol.HTTP),
                new ServicePort("grpc", 9090, Protocol.GRPC)),
            Map.of(),
            Locality.UNKNOWN);
    assertThatThrownBy(() -> registrar.register(twoPorts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ports: ")
        .hasMessageEndingWith("(expected: exactly one; a Consul service instance has one port)");
    assertThat(registrar.describe()).isEqualTo("consul(" + consul.address() + ")");
  }

  private ConsulRegistrarBuilder builder() {
    return ConsulRegistrar.builder()
        .address(URI.create(consul.address()))
        .token("agent")
        .ttl(Duration.ofSeconds(3));
  }
}
