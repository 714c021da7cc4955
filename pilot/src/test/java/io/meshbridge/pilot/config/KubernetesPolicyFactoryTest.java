package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy.kubernetes} in pilot's YAML; nothing connects in these tests. */
class KubernetesPolicyFactoryTest {

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, yaml);
    return PilotConfigurations.load(file);
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> load("policy:\n  kubernetes: {namespace: shop}\n"))
        .hasMessageContaining("Unrecognized field at: policy.kubernetes.namespace");
    assertThatThrownBy(() -> load("policy:\n  kubernetes: {version: v2}\n"))
        .hasMessageContaining("policy.kubernetes.version must be v1, v1beta1 or v1alpha3");
    assertThatThrownBy(() -> load("policy:\n  kubernetes: {namespaces: [Shop]}\n"))
        .hasMessageContaining("policy.kubernetes.namespaces[0].<list element> must be a lowercase"
            + " DNS label");
  }

  @Test
  void istioConfigIsAReservedRegistryIdWhenPolicyIsConfigured() throws IOException {
    assertThatThrownBy(
            () ->
                load(
                    "registries: [{type: file, id: istio-config, directory: %s}]\n"
                            .formatted(dir)
                        + "policy: {directory: %s}\n".formatted(dir)))
        .hasMessageContaining(
            "registries[0].id 'istio-config' is reserved for the registry of the Istio"
                + " ServiceEntries pilot reads when policy is configured (expected: another id)");
    assertThat(
            load("registries: [{type: file, id: istio-config, directory: %s}]\n".formatted(dir))
                .registries())
        .hasSize(1);
  }

  @Test
  void aMissingKubeconfigOrContextIsNamedWhenBuilding() throws IOException {
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            current-context: east
            clusters: [{name: east, cluster: {server: "https://127.0.0.1:6443"}}]
            contexts: [{name: east, context: {cluster: east, user: me}}]
            users: [{name: me, user: {token: abc}}]
            """);
    PilotConfiguration badContext =
        load("policy:\n  kubernetes: {kubeconfig: %s, context: north}\n".formatted(kubeconfig));
    assertThatThrownBy(badContext::buildPilot)
        .hasMessage(
            "policy.kubernetes.context: 'north' is not in " + kubeconfig
                + " (expected one of: east)");
    PilotConfiguration missing =
        load("policy:\n  kubernetes: {kubeconfig: %s}\n".formatted(dir.resolve("nope")));
    assertThatThrownBy(missing::buildPilot)
        .hasMessage(
            "policy.kubernetes.kubeconfig: " + dir.resolve("nope")
                + " does not exist or is not a file");
  }

  @Test
  void aPolicySourceAddsTheIstioConfigRegistryLast() throws IOException {
    PilotConfiguration config =
        load("registries: [{type: file, id: files, directory: %s}]\npolicy: {directory: %s}\n"
            .formatted(dir, dir));
    try (Pilot pilot = config.buildPilot()) {
      assertThat(pilot.registryStatuses())
          .extracting(RegistryStatus::id)
          .containsExactly("files", "istio-config");
    }
  }
}
