package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.SampleBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure handling from Istio YAML through pilot into a real proxy: a VirtualService {@code
 * fault.abort} aborts its share of requests, and a DestinationRule {@code outlierDetection} takes
 * an endpoint that answers only 503 out of the rotation.
 */
class FaultInjectionIT {

  @TempDir Path workDir;

  private LoopbackMesh mesh;

  @BeforeEach
  void setUp() {
    mesh = new LoopbackMesh(workDir);
  }

  @AfterEach
  void tearDown() {
    mesh.close();
  }

  @Test
  void anAbortOfHalfTheRequestsAbortsHalfWithinFiveSigma() throws Exception {
    SampleBackend hello = mesh.addBackend("hello");
    mesh.publish(List.of(hello));
    mesh.writePolicy("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: hello, namespace: default}
        spec:
          hosts: [hello]
          http:
            - name: all
              route:
                - destination: {host: hello}
              fault:
                abort: {httpStatus: 503, percentage: {value: 50}}
        """);
    mesh.startWithPolicies(1);
    await("the proxy applied the fault")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("envoy.filters.http.fault"));

    MeshClient client = new MeshClient();
    int total = 400;
    int aborted = 0;
    for (int i = 0; i < total; i++) {
      MeshClient.Reply r = client.get(mesh.servicePort, mesh.authority());
      if (r.status() == 503) {
        aborted++;
      } else {
        assertThat(r.status()).as("a request not aborted: %s", r).isEqualTo(200);
        assertThat(r.backend()).isEqualTo("hello");
      }
    }
    // Binomial(400, 0.5): mean 200, sigma 10.
    assertThat(aborted).isBetween(150, 250);
    assertThat(hello.requests()).isEqualTo(total - aborted);
  }

  @Test
  void anEndpointAnsweringOnly503IsEjectedAndGetsNoMoreRequests() throws Exception {
    SampleBackend good = mesh.addBackend("good");
    StatusBackend bad = StatusBackend.answering("bad", 503);
    try (bad) {
      mesh.publishPorts(Map.of(good.name(), good.port(), bad.name(), bad.port()));
      mesh.writePolicy("""
          apiVersion: networking.istio.io/v1
          kind: DestinationRule
          metadata: {name: hello, namespace: default}
          spec:
            host: hello
            trafficPolicy:
              outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s}
          """);
      mesh.startWithPolicies(1);
      await("the proxy applied outlier detection")
          .atMost(Duration.ofSeconds(20))
          .until(() -> mesh.admin().get("/config_dump").contains("outlier_detection"));

      try (ClientLoop loop = mesh.clientLoop()) {
        await("the bad endpoint ejected")
            .atMost(Duration.ofSeconds(20))
            .until(() -> mesh.admin().get("/stats/prometheus").contains(
                "outlier_detection_ejections_active{cluster=\"" + mesh.cluster() + "\"} 1"));
        long badBefore = bad.requests();
        loop.awaitMore(100);
        loop.stop();
        assertThat(bad.requests()).as("requests to the ejected endpoint").isEqualTo(badBefore);
        assertThat(badBefore).isPositive();
        assertThat(loop.failures()).allMatch(f -> f.startsWith("503"));
        assertThat(loop.answeredBy("good")).isGreaterThanOrEqualTo(100);
      }
    }
  }
}
