package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.EndpointConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a CDS {@code Cluster} means to this proxy.
 *
 * @param config the cluster
 * @param staticEndpoints a STATIC cluster's inline endpoints (published under the cluster name);
 *     {@code null} for an EDS cluster, whose endpoints come from EDS under {@link
 *     ClusterConfig#edsServiceName()}
 */
public record ClusterResource(
    ClusterConfig config, @Nullable List<EndpointConfig> staticEndpoints) {

  public ClusterResource {
    requireNonNull(config, "config");
    staticEndpoints = staticEndpoints == null ? null : List.copyOf(staticEndpoints);
  }

  /** Whether the endpoints come from EDS. */
  public boolean usesEds() {
    return staticEndpoints == null;
  }
}
