package io.meshbridge.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.registration.RegistrationState.Phase;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistrationKeeperTest {

  private static final WorkloadInstance VM1 = new WorkloadInstance(ServiceKey.of("default", "orders"),
      "vm1", "10.0.0.7", List.of(new ServicePort("http", 8080, Protocol.HTTP)), Map.of(),
      Locality.UNKNOWN);

  /** Records every call; the first {@code failures} registrations throw. */
  static final class RecordingRegistrar implements WorkloadRegistrar {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger failures;

    RecordingRegistrar(int failures) {
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public String describe() {
      return "recording";
    }

    @Override
    public void register(WorkloadInstance instance) {
      calls.add("register");
      if (failures.getAndDecrement() > 0) {
        throw new RegistrationException("refused");
      }
    }

    @Override
    public void setHealth(HealthStatus health) {
      calls.add("health " + health);
    }

    @Override
    public void deregister() {
      calls.add("deregister");
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void registersOnlyAfterTheFirstPassThenFollowsHealth() {
    RecordingRegistrar registrar = new RecordingRegistrar(0);
    RegistrationKeeper keeper =
        new RegistrationKeeper(registrar, VM1, Duration.ofMillis(10), Clock.systemUTC());
    keeper.health(HealthStatus.UNHEALTHY);
    keeper.health(HealthStatus.HEALTHY);
    keeper.health(HealthStatus.UNHEALTHY);
    await().until(() -> registrar.calls.size() == 3);
    assertThat(registrar.calls).containsExactly("register", "health HEALTHY", "health UNHEALTHY");
    assertThat(keeper.state().phase()).isEqualTo(Phase.REGISTERED);

    keeper.close();
    assertThat(registrar.calls).endsWith("deregister", "close");
    assertThat(keeper.state().phase()).isEqualTo(Phase.DEREGISTERED);
  }

  @Test
  void aFailedRegistrationIsUndoneReportedAndRetried() {
    RecordingRegistrar registrar = new RecordingRegistrar(2);
    RegistrationKeeper keeper =
        new RegistrationKeeper(registrar, VM1, Duration.ofMillis(50), Clock.systemUTC());
    keeper.health(HealthStatus.HEALTHY);
    await().until(() -> keeper.state().phase() == Phase.REGISTERED);
    assertThat(registrar.calls).containsExactly(
        "register", "deregister", "register", "deregister", "register", "health HEALTHY");
    keeper.close();
  }

  @Test
  void degradedSaysWhy() {
    RecordingRegistrar registrar = new RecordingRegistrar(Integer.MAX_VALUE);
    RegistrationKeeper keeper =
        new RegistrationKeeper(registrar, VM1, Duration.ofHours(1), Clock.systemUTC());
    keeper.health(HealthStatus.HEALTHY);
    await().until(() -> keeper.state().phase() == Phase.DEGRADED);
    assertThat(keeper.state().message()).isEqualTo("refused");
    keeper.close();
    assertThat(registrar.calls).endsWith("deregister", "close");
  }
}
