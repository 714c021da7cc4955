package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.eureka.EurekaRegistrar;
import io.meshbridge.registry.eureka.EurekaRegistrarConfig;
import io.meshbridge.registry.eureka.EurekaRegistry;
import io.meshbridge.registry.eureka.EurekaRegistryConfig;
import io.meshbridge.registry.kubernetes.KubernetesRegistry;
import io.meshbridge.registry.kubernetes.KubernetesRegistryConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration the mesh exists for: service {@code hello} half on VMs registered in a real Eureka
 * server, half in Kubernetes pods (fabric8's mock API server, CRUD mode). With no mapping, the same
 * namespace/name is one mesh service; requests through one proxy reach both sources, and every
 * endpoint carries the registry it came from. A DestinationRule subset selecting by that label
 * then sends everything to one source.
 */
class MigrationIT {

  @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  private final Started started = new Started();
  private KubernetesMockServer apiServer;

  @AfterEach
  void tearDown() throws Exception {
    started.close();
    if (apiServer != null) {
      apiServer.destroy();
    }
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path policyDir;

  @Test
  void oneServiceHalfOnEurekaVmsHalfInKubernetesPodsServesBoth() throws Exception {
    int servicePort = LoopbackMesh.freePort();
    SampleBackend vm = started.add(SampleBackend.start("vm", "127.0.0.1"));
    SampleBackend pod = started.add(SampleBackend.start("pod", "127.0.0.1"));

    // The VM half: registered in Eureka by Meshbridge's registrar, as the VM agent will.
    EurekaRegistrar registrar =
        started.add(
            new EurekaRegistrar(
                EurekaRegistrarConfig.of(List.of(eureka.serviceUrl()))
                    .withLease(Duration.ofSeconds(1), Duration.ofSeconds(10))));
    registrar.register(
        new WorkloadInstance(
            HELLO,
            "vm-1",
            "127.0.0.1",
            List.of(new ServicePort("http", vm.port(), Protocol.HTTP)),
            Map.of("meshbridge.servicePort", Integer.toString(servicePort)),
            Locality.UNKNOWN));
    registrar.setHealth(HealthStatus.HEALTHY);

    // The pod half: a Service and an EndpointSlice in Kubernetes.
    apiServer =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
            false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = started.add(apiServer.createClient());
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName("hello").endMetadata()
                .withNewSpec()
                .addNewPort().withName("http").withPort(servicePort).withProtocol("TCP").endPort()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("hello-pods")
                .addToLabels("kubernetes.io/service-name", "hello")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(pod.port()).withProtocol("TCP").endPort()
                .addNewEndpoint()
                .withAddresses("127.0.0.1")
                .withNewConditions().withReady(true).withServing(true).withTerminating(false)
                .endConditions()
                .endEndpoint()
                .build())
        .create();

    int xdsPort = LoopbackMesh.freePort();
    Pilot pilot =
        started.add(
            Pilot.create(
                PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
                List.of(
                    new KubernetesRegistry(KubernetesRegistryConfig.of("k8s"), client),
                    new EurekaRegistry(
                        EurekaRegistryConfig.of("eureka", List.of(eureka.serviceUrl()))
                            .withFetchInterval(Duration.ofMillis(500))))));
    pilot.watchPolicies(policyDir, Duration.ofMillis(200));
    pilot.start();
    await("one mesh service with the VM and the pod")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(pilot.aggregate().model().endpointsOf(HELLO))
                    .extracting(e -> e.labels().get(Endpoint.REGISTRY_LABEL))
                    .containsExactlyInAnyOrder("k8s", "eureka"));
    assertThat(pilot.aggregate().model().services()).containsKey(HELLO);
    assertThat(pilot.aggregate().problems()).isEmpty();

    ProxyServer proxy =
        started.add(
            ProxyServer.start(
                BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(xdsPort, 0))));
    await().atMost(Duration.ofSeconds(20)).until(proxy::ready);

    try (ClientLoop loop = new ClientLoop(servicePort, HELLO.meshHostname() + ":" + servicePort)) {
      await("the VM and the pod both answer through the proxy")
          .atMost(Duration.ofSeconds(30))
          .until(() -> loop.answeredBy("vm") > 10 && loop.answeredBy("pod") > 10);
      loop.stop();
      assertThat(loop.failures()).isEmpty();
    }
  }
}
