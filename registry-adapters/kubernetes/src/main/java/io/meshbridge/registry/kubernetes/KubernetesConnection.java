package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one cluster's API server.
 *
 * @param kubeconfig a kubeconfig file; {@code null} = fabric8's usual discovery: {@code
 *     $KUBECONFIG}, then {@code ~/.kube/config}, then the in-cluster service account
 * @param context the kubeconfig context to use; {@code null} = the file's {@code current-context}
 */
public record KubernetesConnection(@Nullable Path kubeconfig, @Nullable String context) {

  /** Default discovery, current context: what {@code kubectl} would use, or in-cluster. */
  public static final KubernetesConnection DEFAULT = new KubernetesConnection(null, null);

  public KubernetesConnection {
    if (context != null && context.isBlank()) {
      throw new IllegalArgumentException("context: '' (expected: a kubeconfig context name)");
    }
  }

  /**
   * Reads the kubeconfig and builds a client; nothing is sent to the API server yet.
   *
   * @throws IllegalArgumentException naming {@code kubeconfig} or {@code context} when the file
   *     cannot be read or has no such context
   */
  public KubernetesClient newClient() {
    Config config;
    if (kubeconfig != null) {
      if (!Files.isRegularFile(kubeconfig)) {
        throw new IllegalArgumentException(
            "kubeconfig: " + kubeconfig + " does not exist or is not a file");
      }
      try {
        config = Config.fromKubeconfig(context, kubeconfig.toFile());
      } catch (KubernetesClientException e) {
        throw new IllegalArgumentException(
            "kubeconfig: " + kubeconfig + " cannot be read (" + e.getMessage() + ")", e);
      }
    } else {
      config = Config.autoConfigure(context);
    }
    if (context != null) {
      NamedContext current = config.getCurrentContext();
      if (current == null || !context.equals(current.getName())) {
        String known =
            config.getContexts() == null
                ? ""
                : config.getContexts().stream()
                    .map(NamedContext::getName)
                    .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
            "context: '"
                + context
                + "' is not in "
                + (kubeconfig == null ? "the default kubeconfig" : kubeconfig.toString())
                + " (expected one of: "
                + known
                + ")");
      }
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public String toString() {
    return (kubeconfig == null ? "default kubeconfig" : "kubeconfig " + kubeconfig)
        + (context == null ? "" : ", context " + context);
  }
}
