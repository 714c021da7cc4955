package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Endpoint changes under load: nothing fails, traffic follows the config. */
@ExtendWith(LeakCheck.class)
class ConfigSwapIT {

  private final Backend a = Backend.start("a");
  private final Backend b = Backend.start("b");
  private final ProxyFixture fixture = new ProxyFixture();
  private final ExecutorService clients = Executors.newFixedThreadPool(2);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicIntegerArray completed = new AtomicIntegerArray(2);
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    fixture.close();
    a.close();
    b.close();
  }

  private ProxyConfig with(EndpointConfig... endpoints) {
    return config()
        .listener("in", 0, "rt")
        .routes("rt", vhost("svc", List.of("*"), prefix("/", "svc")))
        .cluster("svc", endpoints)
        .build();
  }

  private void clientLoop(int id, Client client) {
    while (running.get()) {
      try {
        HttpResponse<String> r = client.get("svc.mesh", "/");
        if (r.statusCode() != 200) {
          failures.add(r.statusCode() + " " + r.body());
        }
      } catch (RuntimeException e) {
        failures.add(e.toString());
      }
      completed.incrementAndGet(id);
    }
  }

  @Test
  void endpointsAddedAndRemovedWhileClientsRun() {
    fixture.apply(with(endpoint("127.0.0.1", a.port())));
    int port = fixture.port("in");
    for (int i = 0; i < 2; i++) {
      int id = i;
      clients.execute(() -> clientLoop(id, new Client(port)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> a.requests() >= 20);

    fixture.apply(with(endpoint("127.0.0.1", a.port()), endpoint("127.0.0.1", b.port())));
    await().atMost(Duration.ofSeconds(10)).until(() -> b.requests() >= 20);

    fixture.apply(with(endpoint("127.0.0.1", b.port())));
    // a request that started before the swap may still finish on a: wait for each client's next
    int after0 = completed.get(0);
    int after1 = completed.get(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> completed.get(0) >= after0 + 2 && completed.get(1) >= after1 + 2);
    int aFinal = a.requests();
    int bBefore = b.requests();
    await().atMost(Duration.ofSeconds(10)).until(() -> b.requests() >= bBefore + 50);

    assertThat(a.requests()).as("requests to the removed endpoint").isEqualTo(aFinal);
    assertThat(failures).as("failed requests").isEmpty();
  }
}
