package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.meshbridge.registry.zookeeper.ZooKeeperConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperLayout;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistrar;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistry;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pilot reading ZooKeeper, a real proxy, two real backends registered in ZooKeeper by the
 * registrar: ZooKeeper stops while a client sends requests through the proxy, and nothing fails —
 * pilot keeps the registry's endpoints (stale) until ZooKeeper is back and read again.
 */
class ZooKeeperOutageIT {

  private static final ServiceKey ORDERS = ServiceKey.of("default", "orders");
  private static final String PROXY_ADDRESS = "127.0.0.1";

  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void zooKeeperOutageFailsNoRequest() throws Exception {
    TestingServer zk = started(new TestingServer());
    // Backends on their own loopback addresses, so that the proxy can listen on 127.0.0.1 at the
    // service port, which is one of the backends' ports.
    SampleBackend one = started(SampleBackend.start("backend-1", "127.0.0.2"));
    SampleBackend two = started(SampleBackend.start("backend-2", "127.0.0.3"));
    ZooKeeperRegistrar registrarOne = register(zk, one, "127.0.0.2");
    register(zk, two, "127.0.0.3");

    ZooKeeperRegistry registry = new ZooKeeperRegistry(
        ZooKeeperConfig.of("zk", zk.getConnectString(), ZooKeeperLayout.CURATOR)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2)));
    Pilot pilot = started(Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 0),
        List.of(registry)));
    pilot.start();
    await("both backends in pilot").atMost(Duration.ofSeconds(30))
        .until(() -> pilot.aggregate().model().endpointsOf(ORDERS).size() == 2);
    // The service port is the backends' most common port, on a tie the lowest.
    int port = pilot.aggregate().model().services().get(ORDERS).ports().get(0).number();
    assertThat(port).isEqualTo(Math.min(one.port(), two.port()));

    ProxyServer proxy = started(ProxyServer.start(
        BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(pilot.xdsPort(), 0))));
    String host = ORDERS.meshHostname() + ":" + port;
    await("requests through the proxy reach both backends").atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> backendsAnswering(port, host, 10).equals(Set.of("backend-1", "backend-2")));
    assertThat(proxy.ready()).isTrue();

    try (ClientLoop loop = new ClientLoop(port, host)) {
      loop.awaitMore(20);

      zk.stop();
      await("pilot sees the registry stale").atMost(Duration.ofSeconds(30))
          .until(() -> status(pilot).stale());
      assertThat(pilot.aggregate().model().endpointsOf(ORDERS)).hasSize(2);
      long oneBefore = one.requests();
      long twoBefore = two.requests();
      loop.awaitMore(100);
      assertThat(one.requests()).isGreaterThan(oneBefore);
      assertThat(two.requests()).isGreaterThan(twoBefore);
      assertThat(status(pilot).stale()).isTrue();

      zk.restart();
      await("pilot sees the registry fresh again").atMost(Duration.ofSeconds(60))
          .until(() -> !status(pilot).stale());
      assertThat(pilot.aggregate().model().endpointsOf(ORDERS)).hasSize(2);
      loop.awaitMore(20);

      loop.stop();
      assertThat(loop.failures()).isEmpty();
    }

    // Watching again after the restart: an instance taken out stops getting traffic.
    registrarOne.setHealth(HealthStatus.UNHEALTHY);
    await("backend-1 out of the mesh").atMost(Duration.ofSeconds(30))
        .until(() -> pilot.aggregate().model().endpointsOf(ORDERS).size() == 1);
    await("only backend-2 answers").atMost(Duration.ofSeconds(30))
        .until(() -> backendsAnswering(port, host, 10).equals(Set.of("backend-2")));
    RegistryStatus status = status(pilot);
    assertThat(status.stale()).isFalse();
    assertThat(status.problems()).isEmpty();
  }

  private ZooKeeperRegistrar register(TestingServer zk, SampleBackend backend, String address) {
    ZooKeeperRegistrar registrar = started(new ZooKeeperRegistrar(
        ZooKeeperConfig.of("zk", zk.getConnectString(), ZooKeeperLayout.CURATOR)
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2))));
    registrar.register(new WorkloadInstance(ORDERS, backend.name(), address,
        List.of(new ServicePort("http", backend.port(), Protocol.HTTP)), java.util.Map.of(),
        Locality.UNKNOWN));
    return registrar;
  }

  private static RegistryStatus status(Pilot pilot) {
    return pilot.aggregate().registries().get(0);
  }

  private <T extends AutoCloseable> T started(T resource) {
    running.add(resource);
    return resource;
  }

  private static Set<String> backendsAnswering(int port, String host, int requests)
      throws IOException {
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      String body = get(port, host);
      answered.add(body.substring(body.lastIndexOf(' ') + 1).trim());
    }
    return answered;
  }

  /** One GET through the proxy with the mesh host name; the body, or an IOException. */
  static String get(int port, String host) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(PROXY_ADDRESS, port), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int headerEnd = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 200") || headerEnd < 0) {
        throw new IOException("not a 200 response: " + text);
      }
      return text.substring(headerEnd + 4);
    }
  }
}
