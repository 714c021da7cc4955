package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.file.FileRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration tool: one service in two registries ("vms" and "pods"), a DestinationRule with a
 * subset per source selected by the {@code meshbridge.io/registry} label, and a VirtualService
 * that sends 90 % to the VMs and 10 % to the pods — Istio YAML, unchanged, through pilot into a
 * real proxy.
 */
class TrafficSplitIT {

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  @TempDir Path workDir;

  private final Started started = new Started();

  @AfterEach
  void tearDown() throws Exception {
    started.close();
  }

  @Test
  void ninetyTenSplitBySourceRegistryThenAllToOneSource() throws Exception {
    int servicePort = LoopbackMesh.freePort();
    int xdsPort = LoopbackMesh.freePort();
    SampleBackend vm = started.add(SampleBackend.start("vm", "127.0.0.1"));
    SampleBackend pod = started.add(SampleBackend.start("pod", "127.0.0.1"));
    Path vms = Files.createDirectories(workDir.resolve("vms"));
    Path pods = Files.createDirectories(workDir.resolve("pods"));
    Path policy = Files.createDirectories(workDir.resolve("policy"));
    Files.writeString(vms.resolve("hello.yaml"), QuickstartFiles.registry(servicePort, List.of(vm)));
    Files.writeString(pods.resolve("hello.yaml"), QuickstartFiles.registry(servicePort, List.of(pod)));
    Files.writeString(policy.resolve("hello.yaml"), policy(90, 10));

    Pilot pilot =
        started.add(
            Pilot.create(
                PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
                List.of(new FileRegistry("vms", vms), new FileRegistry("pods", pods))));
    pilot.watchPolicies(policy, Duration.ofMillis(200));
    pilot.start();
    await("both policies accepted")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                pilot.policies().virtualServices().size() == 1
                    && pilot.policies().destinationRules().size() == 1);
    ProxyServer proxy =
        started.add(
            ProxyServer.start(
                BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(xdsPort, 0))));
    await().atMost(Duration.ofSeconds(20)).until(proxy::ready);

    MeshClient client = new MeshClient();
    String host = HELLO.meshHostname() + ":" + servicePort;
    LoopbackMesh.SimpleGet admin = new LoopbackMesh.SimpleGet(proxy.adminPort());
    await("the proxy applied the split")
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.get("/config_dump").contains("weighted_clusters"));
    int toVms = 0;
    int total = 2000;
    for (int i = 0; i < total; i++) {
      if (client.backendOf(servicePort, host).equals("vm")) {
        toVms++;
      }
    }
    assertThat((double) toVms / total).isBetween(0.87, 0.93);

    // The migration is done: everything to the pods.
    Files.writeString(policy.resolve("hello.yaml"), policy(0, 100));
    await("all traffic to the pods")
        .atMost(Duration.ofSeconds(20))
        .until(() -> quietFor(vm, client, servicePort, host));
  }

  private static boolean quietFor(SampleBackend backend, MeshClient client, int port, String host)
      throws Exception {
    long before = backend.requests();
    for (int i = 0; i < 20; i++) {
      client.backendOf(port, host);
    }
    return backend.requests() == before;
  }

  private static String policy(int toVms, int toPods) {
    return """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: hello, namespace: default}
        spec:
          host: hello
          subsets:
            - name: vms
              labels: {meshbridge.io/registry: vms}
            - name: pods
              labels: {meshbridge.io/registry: pods}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: hello, namespace: default}
        spec:
          hosts: [hello]
          http:
            - route:
                - destination: {host: hello, subset: vms}
                  weight: %d
                - destination: {host: hello, subset: pods}
                  weight: %d
        """
        .formatted(toVms, toPods);
  }
}
