package io.meshbridge.registry.kubernetes;

import java.util.Set;

/** The EndpointSlice labels this module reads and writes. */
final class SliceLabels {

  /** Names the Service a slice belongs to (set by Kubernetes, and by the registrar). */
  static final String SERVICE_NAME = "kubernetes.io/service-name";

  /** Who manages a slice; Kubernetes' own controller leaves slices of other managers alone. */
  static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";

  /** The {@link #MANAGED_BY} value of the slices {@link KubernetesRegistrar} writes. */
  static final String REGISTRAR = "meshbridge.io/registrar";

  /** Labels of a registrar slice that are bookkeeping, not the workload's labels. */
  static final Set<String> NOT_WORKLOAD_LABELS =
      Set.of(
          SERVICE_NAME,
          MANAGED_BY,
          ClusterState.REGION_LABEL,
          ClusterState.ZONE_LABEL,
          ClusterState.SUBZONE_LABEL);

  private SliceLabels() {}
}
