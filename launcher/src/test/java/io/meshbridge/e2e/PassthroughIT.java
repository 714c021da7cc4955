package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.SampleBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DestinationRule {@code loadBalancer.simple: PASSTHROUGH} through pilot into a real proxy: the
 * cluster becomes ORIGINAL_DST, and each request goes to the {@code ip:port} its {@code
 * x-envoy-original-dst-host} header names, whatever the registry says; without it, a 503.
 */
class PassthroughIT extends MeshTest {

  private static final String HEADER = "x-envoy-original-dst-host";

  @Test
  void requestsGoToTheAddressTheirHeaderNames() throws Exception {
    SampleBackend registered = mesh.addBackend("registered");
    SampleBackend five = started.add(SampleBackend.start("five", "127.0.0.5"));
    SampleBackend six = started.add(SampleBackend.start("six", "127.0.0.6"));
    mesh.publish(List.of(registered));
    mesh.writePolicy(LoopbackMesh.destinationRule("""
        trafficPolicy:
          loadBalancer: {simple: PASSTHROUGH}
        """));
    mesh.startWithPolicies(1);
    await("the proxy applied the ORIGINAL_DST cluster")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("ORIGINAL_DST"));

    MeshClient client = new MeshClient();
    assertThat(client.get(mesh.servicePort, mesh.authority(), "/",
        Map.of(HEADER, "127.0.0.5:" + five.port())).backend()).isEqualTo("five");
    assertThat(client.get(mesh.servicePort, mesh.authority(), "/",
        Map.of(HEADER, "127.0.0.6:" + six.port())).backend()).isEqualTo("six");
    MeshClient.Reply none = client.get(mesh.servicePort, mesh.authority(), "/", Map.of());
    assertThat(none.status()).isEqualTo(503);
    assertThat(none.body()).contains("no original destination for cluster");
    assertThat(registered.requests()).as("no load balancing over the registry's endpoints")
        .isZero();
  }
}
