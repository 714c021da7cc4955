package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshbridge.pilot.policy.kubernetes.KubernetesPolicySource;
import io.meshbridge.registry.kubernetes.KubernetesConnection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code policy.kubernetes:} Istio resources read from a Kubernetes API server.
 *
 * <pre>{@code
 * kubernetes:
 *   kubeconfig: /etc/meshbridge/kubeconfig   # default: $KUBECONFIG, ~/.kube/config, in-cluster
 *   context: east                            # default: the kubeconfig's current-context
 *   namespaces: [shop]                       # default: [] = all namespaces
 *   version: v1                              # default v1; or v1beta1, v1alpha3
 * }</pre>
 */
public final class KubernetesPolicyFactory {

  @JsonProperty private @Nullable Path kubeconfig;

  @JsonProperty
  @Pattern(regexp = ".*\\S.*", message = "must not be blank (leave it out for the current context)")
  private @Nullable String context;

  @JsonProperty @NotNull
  private List<
          @NotNull @Pattern(
              regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
              message = "must be a lowercase DNS label")
          String>
      namespaces = new ArrayList<>();

  @JsonProperty
  @NotNull
  @Pattern(regexp = "v1|v1beta1|v1alpha3", message = "must be v1, v1beta1 or v1alpha3")
  private String version = "v1";

  /**
   * Reads the kubeconfig and builds the source; it connects when pilot starts it.
   *
   * @throws IllegalArgumentException naming {@code policy.kubernetes.kubeconfig} or {@code
   *     .context} when the file cannot be read or has no such context
   */
  public KubernetesPolicySource build() {
    try {
      return new KubernetesPolicySource(
          new KubernetesConnection(kubeconfig, context).newClient(), namespaces, version, true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy.kubernetes." + e.getMessage(), e);
    }
  }
}
