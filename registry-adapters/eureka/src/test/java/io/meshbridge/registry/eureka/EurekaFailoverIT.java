package io.meshbridge.registry.eureka;

import static io.meshbridge.registry.eureka.Payloads.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.ServiceKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two real Eureka servers that are not peers: failover, and the hash check across servers. */
class EurekaFailoverIT {

  @RegisterExtension static final EurekaServerExtension primary = new EurekaServerExtension();
  @RegisterExtension static final EurekaServerExtension secondary = new EurekaServerExtension();

  private static final ServiceKey ORDERS = ServiceKey.of("default", "orders");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SnapshotRecorder recorder = new SnapshotRecorder();
  private EurekaRegistry registry;

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
  }

  private void startRegistry(List<URI> serviceUrls) {
    registry =
        new EurekaRegistry(
            EurekaRegistryConfig.of("eureka", serviceUrls)
                .withFetchInterval(Duration.ofMillis(500)));
    registry.start(recorder);
  }

  @Test
  void aDeadFirstServerIsSkipped() throws IOException {
    URI dead;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/eureka/");
    }
    new EurekaRest(secondary.serviceUrl()).register(instance("USERS", "u-1", "127.0.0.9", 18031));

    startRegistry(List.of(dead, secondary.serviceUrl()));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(ServiceKey.of("default", "users")))
                    .extracting(Endpoint::address)
                    .containsExactly("127.0.0.9"));
    assertThat(recorder.all()).noneMatch(RegistrySnapshot::stale);
  }

  @Test
  void failingOverToAServerWithOtherContentIsCaughtByTheHashCheck() {
    new EurekaRest(primary.serviceUrl()).register(instance("ORDERS", "o-1", "127.0.0.1", 18032));
    new EurekaRest(secondary.serviceUrl()).register(instance("ORDERS", "o-2", "127.0.0.2", 18032));
    startRegistry(List.of(primary.serviceUrl(), secondary.serviceUrl()));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(ORDERS))
                    .extracting(Endpoint::address)
                    .containsExactly("127.0.0.1"));

    primary.stop();

    // The next delta comes from the secondary: applied to the primary's content, its hash code
    // does not match, so the registry fetches the secondary's registry whole.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.endpoints(ORDERS))
                    .extracting(Endpoint::address)
                    .containsExactly("127.0.0.2"));
    assertThat(registry.stats().hashMismatches()).isGreaterThanOrEqualTo(1);
    assertThat(registry.stats().fullFetches()).isEqualTo(1 + registry.stats().hashMismatches());
    assertThat(recorder.all()).noneMatch(RegistrySnapshot::stale);
  }
}
