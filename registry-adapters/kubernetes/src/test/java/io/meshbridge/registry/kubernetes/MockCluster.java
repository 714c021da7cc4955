package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode on loopback, which can be stopped and started again on the
 * same port with the same objects (a new server sharing the CRUD store), to simulate an API server
 * outage. Clients reconnect fast (100ms) so that tests do not wait for fabric8's backoff.
 */
final class MockCluster implements AutoCloseable {

  // The mock server logs every request at INFO through java.util.logging; JUL keeps loggers
  // weakly, so this one is held here.
  private static final Logger MOCK_LOGGER = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOGGER.setLevel(Level.WARNING);
  }

  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private KubernetesMockServer server;
  private final int port;

  MockCluster() {
    server = newServer();
    server.init(InetAddress.getLoopbackAddress(), 0);
    port = server.getPort();
  }

  private KubernetesMockServer newServer() {
    return new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), store, false);
  }

  /** A new client of this cluster (closed with it). */
  KubernetesClient client() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + port + "/")
            .withNamespace("default")
            .withHttp2Disable(true)
            .withWatchReconnectInterval(100)
            .withRequestRetryBackoffInterval(50)
            .withRequestRetryBackoffLimit(1)
            .withConnectionTimeout(1_000)
            .withRequestTimeout(5_000)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  int port() {
    return port;
  }

  /** Stops answering: every connection is closed, new ones are refused. */
  void stop() {
    server.destroy();
  }

  /** Answers again on the same port, with the objects it had. */
  void restart() {
    server = newServer();
    server.init(InetAddress.getLoopbackAddress(), port);
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // fabric8's mock server waits a fixed time for open connections while shutting down; a
      // pooled JDK-client connection can outlive client.close(). The test has run by now; this is
      // the fixture's teardown, so report it and go on rather than fail a test that passed.
      System.getLogger(MockCluster.class.getName())
          .log(System.Logger.Level.WARNING, "mock API server on port " + port + " did not shut down cleanly", e);
    }
  }
}
