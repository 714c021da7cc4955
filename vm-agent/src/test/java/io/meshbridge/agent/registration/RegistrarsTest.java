package io.meshbridge.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.agent.config.AgentConfigLoader;
import org.junit.jupiter.api.Test;

class RegistrarsTest {

  private static final String BASE = """
      stateDir: /tmp/x
      pilot:
        addresses: [127.0.0.1:15012]
        %s
      service:
        name: orders
        instanceId: vm1
        address: 10.0.0.7
        labels: {version: v1%s}
        ports: [{port: 8080, protocol: HTTP, targetPort: 18080}]
      """;

  private static java.util.Map<String, String> labels(String ca, String extraLabel) {
    return Registrars.instance(AgentConfigLoader.parse("agent.yaml",
        BASE.formatted(ca, extraLabel))).labels();
  }

  @Test
  void withPilotsCaTheWorkloadIsLabelledForAutoMtls() {
    String ca = "ca: {address: '127.0.0.1:15012', rootFile: /etc/meshbridge/root.pem}";
    assertThat(labels(ca, ""))
        .containsEntry("version", "v1")
        .containsEntry("security.istio.io/tlsMode", "istio");
    assertThat(labels(ca, ", security.istio.io/tlsMode: disabled"))
        .containsEntry("security.istio.io/tlsMode", "disabled");
  }

  @Test
  void withoutACaThereIsNoTlsModeLabel() {
    assertThat(labels("", "")).containsOnlyKeys("version");
  }
}
