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
 * Istio {@code retries} through pilot into a real proxy: with one of two endpoints refusing
 * connections, a stream of requests sees no failure at all.
 */
class RetryIT {

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  @TempDir Path workDir;

  private final Started started = new Started();

  @AfterEach
  void tearDown() throws Exception {
    started.close();
  }

  @Test
  void aRequestStreamWithOneDeadEndpointHasNoFailures() throws Exception {
    int servicePort = LoopbackMesh.freePort();
    int xdsPort = LoopbackMesh.freePort();
    SampleBackend live = started.add(SampleBackend.start("live", "127.0.0.1"));
    SampleBackend dead = SampleBackend.start("dead", "127.0.0.1");
    dead.close(); // its port now refuses connections
    Path registry = Files.createDirectories(workDir.resolve("registry"));
    Path policy = Files.createDirectories(workDir.resolve("policy"));
    Files.writeString(
        registry.resolve("hello.yaml"), QuickstartFiles.registry(servicePort, List.of(live, dead)));
    Files.writeString(policy.resolve("hello.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: hello, namespace: default}
        spec:
          hosts: [hello]
          http:
            - name: all
              route:
                - destination: {host: hello}
              retries: {attempts: 2, perTryTimeout: 2s, retryOn: "connect-failure,5xx"}
        """);

    Pilot pilot =
        started.add(
            Pilot.create(
                PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
                List.of(new FileRegistry("files", registry))));
    pilot.watchPolicies(policy, Duration.ofMillis(200));
    pilot.start();
    await("the policy accepted")
        .atMost(Duration.ofSeconds(20))
        .until(() -> pilot.policies().virtualServices().size() == 1);
    ProxyServer proxy =
        started.add(
            ProxyServer.start(
                BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(xdsPort, 0))));
    await().atMost(Duration.ofSeconds(20)).until(proxy::ready);
    LoopbackMesh.SimpleGet admin = new LoopbackMesh.SimpleGet(proxy.adminPort());
    await("the proxy applied the retry policy")
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.get("/config_dump").contains("retry_policy"));

    MeshClient client = new MeshClient();
    String host = HELLO.meshHostname() + ":" + servicePort;
    int total = 200;
    for (int i = 0; i < total; i++) {
      assertThat(client.backendOf(servicePort, host)).isEqualTo("live");
    }
    assertThat(live.requests()).isEqualTo(total);
    String stats = admin.get("/stats/prometheus");
    assertThat(stats).containsPattern("upstream_rq_retry_total\\{cluster=\"outbound\\|"
        + servicePort + "\\|\\|hello.default.mesh\"} [1-9]");
  }
}
