package io.meshbridge.registry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesRegistryConfigTest {

  @TempDir Path dir;

  @Test
  void defaults() {
    KubernetesRegistryConfig c = KubernetesRegistryConfig.of("k8s-east");
    assertThat(c.clusterId()).isEqualTo("k8s-east");
    assertThat(c.connection()).isEqualTo(KubernetesConnection.DEFAULT);
    assertThat(c.allNamespaces()).isTrue();
    assertThat(c.labelSelector()).isEmpty();
    assertThat(c.resyncPeriod()).isZero();
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.clusterDomain()).isEqualTo("cluster.local");
  }

  @Test
  void invalidValuesAreRejectedNamingTheField() {
    KubernetesRegistryConfig c = KubernetesRegistryConfig.of("k8s");
    assertThatThrownBy(() -> KubernetesRegistryConfig.of("K8s_East"))
        .hasMessage("id: 'K8s_East' (expected: a lowercase DNS label, e.g. k8s-east)");
    assertThatThrownBy(() -> c.withClusterId("east/1"))
        .hasMessage("clusterId: 'east/1' (expected: a Kubernetes label value, e.g. east-1)");
    assertThatThrownBy(() -> c.withNamespaces(List.of("shop", "Shop")))
        .hasMessage("namespaces[1]: 'Shop' (expected: a lowercase DNS label)");
    assertThatThrownBy(() -> c.withNamespaces(List.of("shop", "shop")))
        .hasMessage("namespaces[1]: 'shop' appears twice");
    assertThatThrownBy(() -> c.withLabelSelector("app=web,tier in (a,b"))
        .hasMessage(
            "labelSelector: 'app=web,tier in (a,b': 'tier in (a,b' is not a label"
                + " requirement (expected e.g. app=web, tier in (a,b), !canary)");
    assertThatThrownBy(() -> c.withResyncPeriod(Duration.ofSeconds(-1)))
        .hasMessage("resyncPeriod: PT-1S (expected: 0 = never, or positive)");
    assertThatThrownBy(() -> c.withStaleAfter(Duration.ZERO))
        .hasMessage("staleAfter: PT0S (expected: 10ms to 10 minutes)");
    assertThatThrownBy(() -> c.withClusterDomain("Cluster.Local."))
        .hasMessage("clusterDomain: 'Cluster.Local.' (expected: a DNS name, e.g. cluster.local)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "app",
        "!canary",
        "app=web",
        "app==web",
        "app!=web",
        "app=",
        "example.com/tier in (a, b)",
        "tier notin (a)",
        "app=web, !canary ,x in (y)",
        "gen>3"
      })
  void validSelectors(String selector) {
    LabelSelectors.check("labelSelector", selector);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app=web=x",
        "=web",
        "app in ()",
        "app in a",
        "a b",
        "app=web,",
        "Example.com/x=y",
        "app=-web"
      })
  void invalidSelectors(String selector) {
    assertThatThrownBy(() -> LabelSelectors.check("labelSelector", selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("labelSelector: '" + selector + "': ");
  }

  @Test
  void kubeconfigContextsAreChosenAndCheckedByName() throws IOException {
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: east
        clusters:
        - name: east
          cluster: {server: "https://127.0.0.1:6443"}
        - name: west
          cluster: {server: "https://127.0.0.2:6443"}
        contexts:
        - name: east
          context: {cluster: east, user: me}
        - name: west
          context: {cluster: west, user: me, namespace: shop}
        users:
        - name: me
          user: {token: abc}
        """);

    try (KubernetesClient current = new KubernetesConnection(kubeconfig, null).newClient();
        KubernetesClient west = new KubernetesConnection(kubeconfig, "west").newClient()) {
      assertThat(current.getMasterUrl().toString()).isEqualTo("https://127.0.0.1:6443/");
      assertThat(west.getMasterUrl().toString()).isEqualTo("https://127.0.0.2:6443/");
    }
    assertThatThrownBy(() -> new KubernetesConnection(kubeconfig, "north").newClient())
        .hasMessage("context: 'north' is not in " + kubeconfig + " (expected one of: east, west)");
    assertThatThrownBy(() -> new KubernetesConnection(dir.resolve("nope"), null).newClient())
        .hasMessage("kubeconfig: " + dir.resolve("nope") + " does not exist or is not a file");
    assertThatThrownBy(() -> new KubernetesConnection(kubeconfig, " "))
        .hasMessage("context: '' (expected: a kubeconfig context name)");
  }
}
