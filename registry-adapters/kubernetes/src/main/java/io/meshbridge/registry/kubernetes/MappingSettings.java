package io.meshbridge.registry.kubernetes;

import static java.util.Objects.requireNonNull;

/**
 * What the mapping from cluster objects to the model needs to know of its registry.
 *
 * @param source the adapter id, every endpoint's {@code source}
 * @param clusterId the value of {@value KubernetesRegistry#CLUSTER_LABEL} on every endpoint
 * @param clusterDomain the DNS domain of {@code name.namespace.svc.<domain>}
 */
record MappingSettings(String source, String clusterId, String clusterDomain) {

  MappingSettings {
    requireNonNull(source, "source");
    requireNonNull(clusterId, "clusterId");
    requireNonNull(clusterDomain, "clusterDomain");
  }

  static MappingSettings of(KubernetesRegistryConfig config) {
    return new MappingSettings(config.id(), config.clusterId(), config.clusterDomain());
  }
}
