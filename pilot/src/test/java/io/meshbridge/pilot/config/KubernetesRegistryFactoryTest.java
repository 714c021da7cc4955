package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.registry.kubernetes.KubernetesConnection;
import io.meshbridge.registry.kubernetes.KubernetesRegistry;
import io.meshbridge.registry.kubernetes.KubernetesRegistryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: kubernetes} in pilot's YAML. Nothing connects: building only reads kubeconfig. */
class KubernetesRegistryFactoryTest {

  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void writeKubeconfig() throws IOException {
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: east
        clusters:
        - {name: east, cluster: {server: "https://127.0.0.1:6443"}}
        - {name: west, cluster: {server: "https://127.0.0.2:6443"}}
        contexts:
        - {name: east, context: {cluster: east, user: me}}
        - {name: west, context: {cluster: west, user: me}}
        users:
        - {name: me, user: {token: abc}}
        """);
  }

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, yaml);
    return PilotConfigurations.load(file);
  }

  private KubernetesRegistryConfig config(PilotConfiguration c, int index) {
    return ((KubernetesRegistryFactory) c.registries().get(index)).config();
  }

  @Test
  void twoClustersSideBySide() throws IOException {
    PilotConfiguration config =
        load(
            """
            registries:
              - type: kubernetes
                id: k8s-east
                kubeconfig: %1$s
                context: east
              - type: kubernetes
                id: k8s-west
                kubeconfig: %1$s
                context: west
                clusterId: west-1
                namespaces: [shop, billing]
                labelSelector: "mesh in (on, yes)"
                resyncPeriod: 10m
                staleAfter: 2s
                clusterDomain: corp.local
            """
                .formatted(kubeconfig));

    KubernetesRegistryConfig east = config(config, 0);
    assertThat(east)
        .isEqualTo(
            KubernetesRegistryConfig.of("k8s-east")
                .withConnection(new KubernetesConnection(kubeconfig, "east")));
    assertThat(config(config, 1))
        .isEqualTo(
            KubernetesRegistryConfig.of("k8s-west")
                .withConnection(new KubernetesConnection(kubeconfig, "west"))
                .withClusterId("west-1")
                .withNamespaces(List.of("shop", "billing"))
                .withLabelSelector("mesh in (on, yes)")
                .withResyncPeriod(Duration.ofMinutes(10))
                .withStaleAfter(Duration.ofSeconds(2))
                .withClusterDomain("corp.local"));
    for (var factory : config.registries()) {
      try (RegistryAdapter adapter = factory.build()) {
        assertThat(adapter).isInstanceOf(KubernetesRegistry.class);
        assertThat(adapter.id()).isEqualTo(factory.id());
      }
    }
  }

  @Test
  void onlyTheIdIsRequired() throws IOException {
    assertThat(config(load("registries: [{type: kubernetes, id: k8s}]\n"), 0))
        .isEqualTo(KubernetesRegistryConfig.of("k8s"));
  }

  @Test
  void invalidFieldsAreRejectedNamingThem() {
    assertThatThrownBy(() -> load("registries: [{type: kubernetes, id: k8s, namespace: shop}]\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: registries.[0].namespace");
    assertThatThrownBy(
            () -> load("registries: [{type: kubernetes, id: k8s, namespaces: [shop, Billing]}]\n"))
        .hasMessageContaining("registries[0].namespaces[1]")
        .hasMessageContaining("must be a lowercase DNS label");
    assertThatThrownBy(() -> load("registries: [{type: kubernetes, id: k8s, clusterId: a/b}]\n"))
        .hasMessageContaining("registries[0].clusterId must be a Kubernetes label value");
    assertThatThrownBy(() -> load("registries: [{type: kubernetes, id: k8s, staleAfter: 1ms}]\n"))
        .hasMessageContaining(
            "registries[0].staleAfter must be greater than or equal to 10" + " MILLISECONDS");
    assertThatThrownBy(() -> load("registries: [{type: kubernetes, id: k8s, context: ' '}]\n"))
        .hasMessageContaining("registries[0].context must not be blank");
  }

  @Test
  void whatOnlyBuildingFindsIsNamedWithTheRegistry() throws IOException {
    PilotConfiguration badContext =
        load(
            ("registries: [{type: kubernetes, id: k8s, kubeconfig:" + " %s, context: north}]\n")
                .formatted(kubeconfig));
    assertThatThrownBy(badContext::buildPilot)
        .hasMessage(
            "registry 'k8s': context: 'north' is not in "
                + kubeconfig
                + " (expected one of: east, west)");

    PilotConfiguration badSelector =
        load(
            ("registries: [{type: kubernetes, id: k8s, kubeconfig:"
                    + " %s, labelSelector: 'a=b=c'}]\n")
                .formatted(kubeconfig));
    assertThatThrownBy(badSelector::buildPilot)
        .hasMessageStartingWith(
            "registry 'k8s': labelSelector: 'a=b=c': 'a=b=c' is not a label" + " requirement");
  }
}
