package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.aggregate.ServiceMapping;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.file.FileRegistry;
import io.meshbridge.registry.zookeeper.ZooKeeperConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperLayout;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistrar;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One logical service in two registries at once, as during a migration: {@code hello} in the file
 * registry (the new home) and {@code legacy-hello} in ZooKeeper (the VMs, Spring Cloud layout),
 * mapped to one mesh service. Requests through one proxy reach both sources, every endpoint labelled
 * with the registry it came from.
 */
class CrossRegistryIT {

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  @TempDir Path workDir;

  private final Started started = new Started();

  @AfterEach
  void tearDown() throws Exception {
    started.close();
  }

  @Test
  void oneMeshServiceFromFileAndZooKeeperServesBothSources() throws Exception {
    TestingServer zk = started.add(new TestingServer());
    SampleBackend onFiles = started.add(SampleBackend.start("on-files", "127.0.0.1"));
    SampleBackend onZk = started.add(SampleBackend.start("on-zookeeper", "127.0.0.1"));
    int servicePort = LoopbackMesh.freePort();
    int xdsPort = LoopbackMesh.freePort();

    Path registryDir = Files.createDirectories(workDir.resolve("registry"));
    Files.writeString(
        registryDir.resolve("hello.yaml"), QuickstartFiles.registry(servicePort, List.of(onFiles)));
    ZooKeeperConfig zkConfig = ZooKeeperConfig.of("zk", zk.getConnectString(), ZooKeeperLayout.CURATOR);
    ZooKeeperRegistrar registrar = started.add(new ZooKeeperRegistrar(zkConfig));
    registrar.register(
        new WorkloadInstance(
            ServiceKey.of("default", "legacy-hello"),
            "vm-1",
            "127.0.0.1",
            List.of(new ServicePort("http", onZk.port(), Protocol.HTTP)),
            Map.of("backend", onZk.name()),
            Locality.UNKNOWN));

    ServiceMapping mapping =
        new ServiceMapping(
            Map.of(
                new ServiceMapping.Source("zk", ServiceKey.of("default", "legacy-hello")), HELLO));
    Pilot pilot =
        started.add(
            Pilot.create(
                PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
                List.of(new FileRegistry("files", registryDir), new ZooKeeperRegistry(zkConfig)),
                mapping));
    pilot.start();
    await("one mesh service with both sources' endpoints")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pilot.aggregate().model().endpointsOf(HELLO))
                    .extracting(e -> e.labels().get(Endpoint.REGISTRY_LABEL))
                    .containsExactlyInAnyOrder("files", "zk"));
    assertThat(pilot.aggregate().model().services()).containsOnlyKeys(HELLO);

    ProxyServer proxy =
        started.add(
            ProxyServer.start(
                BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(xdsPort, 0))));
    await().atMost(Duration.ofSeconds(20)).until(proxy::ready);

    try (ClientLoop loop = new ClientLoop(servicePort, LoopbackMesh.HOST + ":" + servicePort)) {
      await("both sources answer through the proxy")
          .atMost(Duration.ofSeconds(20))
          .until(() -> loop.answeredBy("on-files") > 10 && loop.answeredBy("on-zookeeper") > 10);
      loop.stop();
      assertThat(loop.failures()).isEmpty();
    }
  }
}
