package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registrar against a real Eureka server: register, renew, status, cancel, expiry. */
class EurekaRegistrarIT {

  @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final EurekaRest rest = new EurekaRest(eureka.serviceUrl());

  private static EurekaRegistrarConfig shortLease() {
    return EurekaRegistrarConfig.of(List.of(eureka.serviceUrl()))
        .withLease(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  private static WorkloadInstance workload(String service, String id) {
    return new WorkloadInstance(
        ServiceKey.of("default", service),
        id,
        "127.0.0.1",
        List.of(new ServicePort("http", 18020, Protocol.HTTP)),
        Map.of("version", "v1"),
        Locality.UNKNOWN);
  }

  private String status(String app, String id) {
    return ApplicationsJson.parse(
            "{\"applications\":{\"application\":["
                + rest.instance(app, id)
                    .replaceFirst("^\\{\"instance\":", "{\"name\":\"" + app + "\",\"instance\":")
                + "]}}")
        .instances()
        .get(0)
        .status();
  }

  @Test
  void renewalsKeepTheInstanceBeyondItsLeaseAndDeregisterRemovesIt() {
    try (EurekaRegistrar registrar = new EurekaRegistrar(shortLease())) {
      registrar.register(workload("renewed", "vm-1"));
      assertThat(status("RENEWED", "vm-1")).isEqualTo("STARTING");

      // Eureka evicts a lease not renewed for 2 x 2 s; it is renewed every second.
      await()
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(12))
          .until(() -> rest.lookup("RENEWED", "vm-1") == 200);

      registrar.deregister();
      assertThat(rest.lookup("RENEWED", "vm-1")).isEqualTo(404);
      registrar.deregister(); // idempotent
    }
  }

  @Test
  void healthBecomesTheEurekaStatus() {
    try (EurekaRegistrar registrar = new EurekaRegistrar(shortLease())) {
      registrar.register(workload("health", "vm-1"));
      registrar.setHealth(HealthStatus.HEALTHY);
      await().atMost(WAIT).until(() -> status("HEALTH", "vm-1").equals("UP"));
      registrar.setHealth(HealthStatus.DRAINING);
      await().atMost(WAIT).until(() -> status("HEALTH", "vm-1").equals("OUT_OF_SERVICE"));
      registrar.setHealth(HealthStatus.UNHEALTHY);
      await().atMost(WAIT).until(() -> status("HEALTH", "vm-1").equals("DOWN"));
      registrar.setHealth(HealthStatus.HEALTHY);
      await().atMost(WAIT).until(() -> status("HEALTH", "vm-1").equals("UP"));
    }
  }

  @Test
  void anInstanceEurekaForgotIsRegisteredAgainWithItsStatus() {
    try (EurekaRegistrar registrar = new EurekaRegistrar(shortLease())) {
      registrar.register(workload("forgotten", "vm-1"));
      registrar.setHealth(HealthStatus.HEALTHY);
      await().atMost(WAIT).until(() -> status("FORGOTTEN", "vm-1").equals("UP"));

      rest.cancel("FORGOTTEN", "vm-1");

      await().atMost(WAIT).until(() -> rest.lookup("FORGOTTEN", "vm-1") == 200);
      assertThat(status("FORGOTTEN", "vm-1")).isEqualTo("UP");
    }
  }

  @Test
  void aCrashedWorkloadsRegistrationExpiresWithItsLease() {
    ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
    EurekaRegistrar registrar =
        new EurekaRegistrar(
            shortLease(),
            new HttpTransport("test", List.of(eureka.serviceUrl()), Duration.ofSeconds(5)),
            thread);
    registrar.register(workload("crashed", "vm-1"));
    assertThat(rest.lookup("CRASHED", "vm-1")).isEqualTo(200);

    thread.shutdownNow(); // the VM dies: no more renewals, no DELETE

    await().atMost(WAIT).until(() -> rest.lookup("CRASHED", "vm-1") == 404);
  }

  @Test
  void aRegistrationNoServerTakesThrowsNamingTheServers() throws IOException {
    URI dead;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/eureka/");
    }
    try (EurekaRegistrar registrar = new EurekaRegistrar(EurekaRegistrarConfig.of(List.of(dead)))) {
      assertThatThrownBy(() -> registrar.register(workload("nowhere", "vm-1")))
          .isInstanceOf(RegistrationException.class)
          .hasMessageContaining(
              "NOWHERE/vm-1: POST apps/NOWHERE: no Eureka server answered ("
                  + dead
                  + ": java.net.ConnectException");
      assertThatThrownBy(() -> registrar.setHealth(HealthStatus.HEALTHY))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageEndingWith("setHealth before register");
    }
  }
}
