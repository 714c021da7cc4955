package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Istio ServiceEntry (MESH_EXTERNAL, STATIC, two endpoints on loopback backends) in pilot's
 * policy directory: the proxy routes requests for the ServiceEntry's host to both backends.
 */
class ServiceEntryIT {

  @TempDir Path workDir;

  private final Started started = new Started();

  @AfterEach
  void tearDown() throws Exception {
    started.close();
  }

  @Test
  void proxyRoutesByTheServiceEntryHostToBothEndpoints() throws Exception {
    int servicePort = LoopbackMesh.freePort();
    int xdsPort = LoopbackMesh.freePort();
    SampleBackend a = started.add(SampleBackend.start("ext-a", "127.0.0.1"));
    SampleBackend b = started.add(SampleBackend.start("ext-b", "127.0.0.1"));
    Path policy = Files.createDirectories(workDir.resolve("policy"));
    Files.writeString(policy.resolve("ext.yaml"), serviceEntry(servicePort, a, b));

    Pilot pilot =
        started.add(
            Pilot.create(
                PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
                List.of(new IstioConfigRegistry())));
    pilot.watchPolicies(policy, Duration.ofMillis(200));
    pilot.start();
    await("the ServiceEntry's endpoints are in the model")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                pilot.aggregate().model().endpointsOf(ServiceKey.of("shop", "api-example-com"))
                    .size() == 2);
    ProxyServer proxy =
        started.add(
            ProxyServer.start(
                BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(xdsPort, 0))));
    await().atMost(Duration.ofSeconds(20)).until(proxy::ready);

    MeshClient client = new MeshClient();
    Set<String> seen = new HashSet<>();
    await("requests for api.example.com reach both endpoints")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              seen.add(client.backendOf(servicePort, "api.example.com:" + servicePort));
              return seen.size() == 2;
            });
    assertThat(seen).containsExactlyInAnyOrder("ext-a", "ext-b");
    assertThat(pilot.policies().rejections()).isEmpty();
    assertThat(pilot.translationProblems()).isEmpty();
  }

  private static String serviceEntry(int servicePort, SampleBackend a, SampleBackend b) {
    return """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: external-api, namespace: shop}
        spec:
          hosts: [api.example.com]
          location: MESH_EXTERNAL
          resolution: STATIC
          ports:
            - {number: %d, name: http, protocol: HTTP}
          endpoints:
            - {address: 127.0.0.1, ports: {http: %d}}
            - {address: 127.0.0.1, ports: {http: %d}}
        """
        .formatted(servicePort, a.port(), b.port());
  }
}
