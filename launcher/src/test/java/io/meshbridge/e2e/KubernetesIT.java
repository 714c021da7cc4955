package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.kubernetes.KubernetesRegistry;
import io.meshbridge.registry.kubernetes.KubernetesRegistryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path from Kubernetes to a request: Services and EndpointSlices in fabric8's mock API
 * server (CRUD mode; no kube-apiserver can run here), the Kubernetes registry in a real pilot, a
 * real proxy bootstrapped at pilot, and two real HTTP backends as the Service's endpoints.
 */
class KubernetesIT {

  private static final String HOST = "127.0.0.1";
  private static final Logger MOCK_LOGGER = Logger.getLogger("io.fabric8.mockwebserver");

  private KubernetesMockServer apiServer;
  private KubernetesClient client;
  private SampleBackend one;
  private SampleBackend two;
  private Pilot pilot;
  private ProxyServer proxy;
  private int servicePort;

  @AfterEach
  void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {proxy, pilot, one, two, client}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException("closing " + c, e);
      }
    }
    if (apiServer != null) {
      apiServer.destroy();
    }
  }

  @Test
  void trafficFollowsTheClusterThroughPilotAndTheProxy() throws Exception {
    MOCK_LOGGER.setLevel(Level.WARNING);
    apiServer =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new java.util.HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    client = apiServer.createClient();
    one = SampleBackend.start("backend-1", HOST);
    two = SampleBackend.start("backend-2", HOST);
    servicePort = UnusedPorts.next();

    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("hello")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("http")
                .withPort(servicePort)
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build())
        .create();
    // One slice per backend: on one host they differ by port, as host-network Pods do.
    client.resource(slice(one, true, false)).create();
    client.resource(slice(two, true, false)).create();

    pilot =
        Pilot.create(
            PilotOptions.defaults().withXds(HOST, 0),
            List.of(new KubernetesRegistry(KubernetesRegistryConfig.of("k8s"), client)));
    pilot.start();
    proxy = ProxyServer.start(BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(pilot.xdsPort(), 0)));

    // Both endpoints get traffic.
    awaitAnswers(Set.of("backend-1", "backend-2"));

    // Scale down to one: traffic only to it.
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("default")
        .withName("hello-backend-2")
        .delete();
    awaitAnswers(Set.of("backend-1"));
    long twoCount = two.requests();
    assertThat(answers(20)).containsOnly("backend-1");
    assertThat(two.requests()).isEqualTo(twoCount);

    // Back to two, then backend-1 terminates (still serving): no new requests reach it.
    client.resource(slice(two, true, false)).create();
    awaitAnswers(Set.of("backend-1", "backend-2"));
    client.resource(slice(one, false, true)).update();
    awaitAnswers(Set.of("backend-2"));
    long oneCount = one.requests();
    assertThat(answers(20)).containsOnly("backend-2");
    assertThat(one.requests()).isEqualTo(oneCount);
  }

  private void awaitAnswers(Set<String> expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(IOException.class) // until the proxy has its listener
        .untilAsserted(() -> assertThat(answers(10)).isEqualTo(expected));
  }

  private Set<String> answers(int requests) throws IOException {
    Set<String> backends = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      String body = get("hello.default.mesh:" + servicePort);
      backends.add(body.trim().replace("hello from ", ""));
    }
    return backends;
  }

  private static EndpointSlice slice(SampleBackend backend, boolean ready, boolean terminating) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName("hello-" + backend.name())
        .addToLabels("kubernetes.io/service-name", "hello")
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("http")
        .withPort(backend.port())
        .withProtocol("TCP")
        .endPort()
        .addNewEndpoint()
        .withAddresses(HOST)
        .withNewConditions()
        .withReady(ready)
        .withServing(true)
        .withTerminating(terminating)
        .endConditions()
        .endEndpoint()
        .build();
  }

  /**
   * One GET through the proxy with the mesh host name, over a plain socket (the JDK's client does
   * not set Host).
   */
  private String get(String hostHeader) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, servicePort), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.1 200")) {
        throw new IOException("not a 200: " + text);
      }
      return text.substring(text.indexOf("\r\n\r\n") + 4);
    }
  }


}
