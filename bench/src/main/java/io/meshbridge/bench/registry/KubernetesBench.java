package io.meshbridge.bench.registry;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes: fabric8's mock API server in CRUD mode (in the harness JVM; no kube-apiserver runs
 * here), reached by pilot through a kubeconfig. One Service and one EndpointSlice (all endpoints
 * ready) per service; a change updates that service's slice with one endpoint more or less, as the
 * EndpointSlice controller does when a Pod becomes ready or goes away.
 */
final class KubernetesBench implements BenchRegistry {

  // The mock server logs every request at INFO through java.util.logging, which keeps loggers
  // weakly: this one is held here.
  private static final Logger MOCK_LOGGER = Logger.getLogger("io.fabric8.mockwebserver");

  private final Path kubeconfig;
  private @Nullable KubernetesMockServer server;
  private @Nullable KubernetesClient client;

  KubernetesBench(Path work) {
    this.kubeconfig = work.resolve("kubeconfig");
  }

  @Override
  public String description() {
    return "Kubernetes (fabric8 mock API server, CRUD mode, in the harness JVM)";
  }

  @Override
  public void start() {
    MOCK_LOGGER.setLevel(Level.WARNING);
    KubernetesMockServer started =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    started.init(InetAddress.getLoopbackAddress(), 0);
    server = started;
    client = started.createClient();
    String yaml =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster: {server: \"http://127.0.0.1:"
            + started.getPort()
            + "\"}\ncontexts:\n- name: mock\n  context: {cluster: mock, user: mock, namespace: default}\n"
            + "current-context: mock\nusers:\n- name: mock\n  user: {token: bench}\n";
    try {
      Files.writeString(kubeconfig, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + kubeconfig, e);
    }
  }

  @Override
  public void populate(Shape shape) {
    for (int s = 0; s < shape.services(); s++) {
      client()
          .resource(
              new ServiceBuilder()
                  .withNewMetadata()
                  .withNamespace(Shape.NAMESPACE)
                  .withName(Shape.service(s))
                  .endMetadata()
                  .withNewSpec()
                  .addNewPort()
                  .withName("http")
                  .withPort(Shape.PORT)
                  .withProtocol("TCP")
                  .endPort()
                  .endSpec()
                  .build())
          .create();
      client().resource(slice(shape, s, false)).create();
    }
  }

  @Override
  public String pilotYaml() {
    return "  - type: kubernetes\n    id: k8s\n    kubeconfig: " + kubeconfig + "\n";
  }

  @Override
  public void addExtra(Shape shape, int service) {
    client().resource(slice(shape, service, true)).update();
  }

  @Override
  public void removeExtra(Shape shape, int service) {
    client().resource(slice(shape, service, false)).update();
  }

  private static EndpointSlice slice(Shape shape, int service, boolean extra) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withNamespace(Shape.NAMESPACE)
            .withName(Shape.service(service) + "-abcde")
            .addToLabels("kubernetes.io/service-name", Shape.service(service))
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withName("http")
            .withPort(Shape.PORT)
            .withProtocol("TCP")
            .endPort();
    for (int i = 0; i < shape.instances(); i++) {
      endpoint(b, Shape.address(service, i));
    }
    if (extra) {
      endpoint(b, Shape.address(service, Shape.EXTRA));
    }
    return b.build();
  }

  private static void endpoint(EndpointSliceBuilder b, String address) {
    b.addNewEndpoint()
        .withAddresses(address)
        .withNewConditions()
        .withReady(true)
        .withServing(true)
        .withTerminating(false)
        .endConditions()
        .endEndpoint();
  }

  private KubernetesClient client() {
    if (client == null) {
      throw new IllegalStateException("kubernetes mock server: not started");
    }
    return client;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }
}
