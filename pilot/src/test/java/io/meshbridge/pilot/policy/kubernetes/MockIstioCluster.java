package io.meshbridge.pilot.policy.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode on loopback, with Istio's networking kinds registered at
 * v1 (no kube-apiserver can run here).
 */
final class MockIstioCluster implements AutoCloseable {

  // JUL keeps loggers weakly; the mock server logs every request at INFO.
  private static final Logger MOCK_LOGGER = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOGGER.setLevel(Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  MockIstioCluster() {
    List<CustomResourceDefinitionContext> kinds =
        IstioKinds.contexts("v1").stream()
            .map(
                k ->
                    new CustomResourceDefinitionContext.Builder()
                        .withGroup(k.getGroup())
                        .withVersion(k.getVersion())
                        .withKind(k.getKind())
                        .withPlural(k.getPlural())
                        .withScope("Namespaced")
                        .build())
            .toList();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(kinds), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + server.getPort() + "/")
            .withNamespace("default")
            .withHttp2Disable(true)
            .withWatchReconnectInterval(100)
            .withRequestTimeout(5_000)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
  }

  KubernetesClient client() {
    return client;
  }

  /** A kubeconfig whose current context is this server. */
  String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        current-context: mock
        clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%d"}}]
        contexts: [{name: mock, context: {cluster: mock, user: me, namespace: default}}]
        users: [{name: me, user: {token: abc}}]
        """
        .formatted(server.getPort());
  }

  /** Creates or replaces the object this YAML describes. */
  void apply(String yaml) {
    GenericKubernetesResource r =
        client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    var resource = client.genericKubernetesResources(context(r.getKind()))
        .inNamespace(r.getMetadata().getNamespace())
        .resource(r);
    if (resource.get() == null) {
      resource.create();
    } else {
      resource.update();
    }
  }

  void delete(String kind, String namespace, String name) {
    client.genericKubernetesResources(context(kind)).inNamespace(namespace).withName(name).delete();
  }

  private static ResourceDefinitionContext context(String kind) {
    return IstioKinds.contexts("v1").stream()
        .filter(k -> k.getKind().equals(kind))
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // fabric8's mock server waits a fixed time for open connections; the test has run by now.
      System.getLogger(MockIstioCluster.class.getName())
          .log(System.Logger.Level.WARNING, "mock API server did not shut down cleanly", e);
    }
  }
}
