package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.eureka.EurekaRegistrar;
import io.meshbridge.registry.eureka.EurekaRegistrarConfig;
import io.meshbridge.registry.eureka.EurekaRegistry;
import io.meshbridge.registry.eureka.EurekaRegistryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pilot reading a real Eureka server (forked JVM), a real proxy, and two backends registered in
 * Eureka by the registrar: traffic flows to both; the Eureka server dies while a client sends
 * requests, and not one fails (pilot keeps the endpoints, marked stale); the server comes back,
 * empty as a restarted standalone server is, the registrars re-register, and pilot resyncs.
 */
class EurekaOutageIT {

  /** As production Eureka guards a restart: reads refused (403) while clients re-register. */
  @RegisterExtension
  static final EurekaServerExtension eureka =
      new EurekaServerExtension()
          .withProperty("eureka.instance.registry.default-open-for-traffic-count", "0")
          .withProperty("eureka.server.wait-time-in-ms-when-sync-empty", "4000");

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<AutoCloseable> running = new ArrayList<>();
  private Pilot pilot;
  private int servicePort;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void trafficSurvivesAnEurekaOutageAndPilotResyncsAfterIt() throws Exception {
    servicePort = UnusedPorts.next();
    SampleBackend one = start(SampleBackend.start("backend-1", "127.0.0.1"));
    SampleBackend two = start(SampleBackend.start("backend-2", "127.0.0.1"));
    register(one);
    register(two);
    EurekaRegistry registry =
        new EurekaRegistry(
            EurekaRegistryConfig.of("eureka", List.of(eureka.serviceUrl()))
                .withFetchInterval(Duration.ofMillis(500)));
    pilot = start(Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0), List.of(registry)));
    pilot.start();
    start(ProxyServer.start(BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(pilot.xdsPort(), 0))));

    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Set<String> answered = new HashSet<>();
              for (int i = 0; i < 10; i++) {
                answered.add(get());
              }
              assertThat(answered)
                  .containsExactlyInAnyOrder("hello from backend-1", "hello from backend-2");
            });

    AtomicLong ok = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
    running.add(client::shutdownNow);
    client.scheduleWithFixedDelay(
        () -> {
          try {
            String body = get();
            if (body.startsWith("hello from backend-")) {
              ok.incrementAndGet();
            } else {
              failures.add(body);
            }
          } catch (IOException | RuntimeException e) {
            failures.add(e.toString());
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);

    eureka.stop();

    await().atMost(WAIT).until(() -> eurekaStatus().stale());
    assertThat(pilot.aggregate().model().endpointsOf(HELLO)).hasSize(2);
    assertThat(eurekaStatus().problems())
        .singleElement()
        .asString()
        .contains("no Eureka server answered");
    long oneBefore = one.requests();
    long twoBefore = two.requests();
    await()
        .atMost(WAIT)
        .until(() -> one.requests() > oneBefore + 20 && two.requests() > twoBefore + 20);

    eureka.start();

    await().atMost(WAIT).until(() -> !eurekaStatus().stale());
    assertThat(eurekaStatus().problems()).isEmpty();
    assertThat(pilot.aggregate().model().endpointsOf(HELLO)).hasSize(2);
    long afterRestart = ok.get();
    await().atMost(WAIT).until(() -> ok.get() > afterRestart + 50);
    client.shutdownNow();
    assertThat(client.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(100);
  }

  private RegistryStatus eurekaStatus() {
    return pilot.aggregate().registries().stream()
        .filter(r -> r.id().equals("eureka"))
        .findFirst()
        .orElseThrow();
  }

  private void register(SampleBackend backend) {
    EurekaRegistrar registrar =
        start(
            new EurekaRegistrar(
                EurekaRegistrarConfig.of(List.of(eureka.serviceUrl()))
                    .withLease(Duration.ofSeconds(1), Duration.ofSeconds(10))));
    registrar.register(
        new WorkloadInstance(
            HELLO,
            backend.name(),
            "127.0.0.1",
            List.of(new ServicePort("http", backend.port(), Protocol.HTTP)),
            Map.of(
                "backend", backend.name(), "meshbridge.servicePort", Integer.toString(servicePort)),
            Locality.UNKNOWN));
    registrar.setHealth(HealthStatus.HEALTHY);
  }

  private <T extends AutoCloseable> T start(T closeable) {
    running.add(closeable);
    return closeable;
  }

  /** GET / through the proxy with the mesh host name, over a raw socket; the body. */
  private String get() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", servicePort), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: "
                  + HELLO.meshHostname()
                  + ":"
                  + servicePort
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.1 200")) {
        return text.lines().findFirst().orElse("(empty answer)");
      }
      return text.substring(text.indexOf("\r\n\r\n") + 4).strip();
    }
  }


}
