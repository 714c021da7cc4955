package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.registry.kubernetes.KubernetesConnection;
import io.meshbridge.registry.kubernetes.KubernetesRegistry;
import io.meshbridge.registry.kubernetes.KubernetesRegistryConfig;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code type: kubernetes}: Services and EndpointSlices of one cluster, watched. Several may be
 * configured side by side, one per cluster or context.
 *
 * <pre>{@code
 * - type: kubernetes
 *   id: k8s-east
 *   kubeconfig: /etc/meshbridge/kubeconfig   # default: $KUBECONFIG, ~/.kube/config, in-cluster
 *   context: east                            # default: the kubeconfig's current-context
 *   clusterId: east                          # default: the id
 *   namespaces: [shop, billing]              # default: [] = all namespaces
 *   labelSelector: "mesh=on"                 # default: "" = every Service
 *   resyncPeriod: 0s                         # default 0s = never
 *   staleAfter: 5s                           # default 5s
 *   clusterDomain: cluster.local             # default cluster.local
 * }</pre>
 */
@JsonTypeName("kubernetes")
public final class KubernetesRegistryFactory extends AbstractRegistryFactory {

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  @JsonProperty private @Nullable Path kubeconfig;

  @JsonProperty
  @Pattern(regexp = ".*\\S.*", message = "must not be blank (leave it out for the current context)")
  private @Nullable String context;

  @JsonProperty
  @Pattern(
      regexp = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?",
      message = "must be a Kubernetes label value, e.g. east-1")
  private @Nullable String clusterId;

  @JsonProperty @NotNull
  private List<
          @NotNull @Pattern(regexp = DNS_LABEL, message = "must be a lowercase DNS label") String>
      namespaces = new ArrayList<>();

  @JsonProperty @NotNull private String labelSelector = "";

  @JsonProperty
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS)
  private Duration resyncPeriod = Duration.seconds(0);

  @JsonProperty
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration staleAfter = Duration.seconds(5);

  @JsonProperty @NotNull private String clusterDomain = "cluster.local";

  /** The adapter's configuration, with the defaults above filled in. */
  public KubernetesRegistryConfig config() {
    return KubernetesRegistryConfig.of(id())
        .withConnection(new KubernetesConnection(kubeconfig, context))
        .withClusterId(clusterId == null ? id() : clusterId)
        .withNamespaces(namespaces)
        .withLabelSelector(labelSelector)
        .withResyncPeriod(resyncPeriod.toJavaDuration())
        .withStaleAfter(staleAfter.toJavaDuration())
        .withClusterDomain(clusterDomain);
  }

  /**
   * Reads the kubeconfig; connects only when pilot starts the registry.
   *
   * @throws IllegalArgumentException naming the registry and the field, e.g. an unknown context
   */
  @Override
  public RegistryAdapter build() {
    try {
      return new KubernetesRegistry(config());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry '" + id() + "': " + e.getMessage(), e);
    }
  }
}
