package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.SampleBackend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A DestinationRule {@code localityLbSetting.distribute} through pilot into a real proxy in
 * locality eu/eu-1: of two endpoints, one per locality, the eu one gets 80 % and the us one 20 %
 * (plain round robin would give 50/50).
 */
class LocalityDistributeIT extends MeshTest {

  private static final int REQUESTS = 1000;

  @Test
  void localitiesGetTheDistributedShares() throws Exception {
    SampleBackend eu = mesh.addBackend("eu");
    SampleBackend us = mesh.addBackend("us");
    mesh.writeFile("hello.yaml", """
        services:
          - name: hello
            namespace: default
            ports: [{name: http, number: %d, protocol: HTTP}]
            endpoints:
              - {address: 127.0.0.1, ports: {http: %d}, locality: {region: eu, zone: eu-1}}
              - {address: 127.0.0.1, ports: {http: %d}, locality: {region: us, zone: us-1}}
        """.formatted(mesh.servicePort, eu.port(), us.port()));
    mesh.writePolicy(LoopbackMesh.destinationRule("""
        trafficPolicy:
          loadBalancer:
            localityLbSetting:
              distribute: [{from: "eu/*", to: {"eu/*": 80, "us/*": 20}}]
        """));
    mesh.startWithPolicies(1, "{region: eu, zone: eu-1}");
    await("the proxy applied the locality weights")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("locality_weighted_lb_config"));

    MeshClient client = new MeshClient();
    int toEu = 0;
    for (int i = 0; i < REQUESTS; i++) {
      if (client.backendOf(mesh.servicePort, mesh.authority()).equals("eu")) {
        toEu++;
      }
    }
    // binomial(1000, 0.8): sigma 12.6, so ±5 sigma is ±63
    assertThat(toEu).isBetween(800 - 63, 800 + 63);
  }
}
