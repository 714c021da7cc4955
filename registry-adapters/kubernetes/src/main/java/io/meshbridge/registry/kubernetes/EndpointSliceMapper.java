package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An EndpointSlice's endpoints in the model. Pure. An endpoint that cannot be read is left out and
 * named in {@code problems} with the slice and the field; a slice whose ports cannot be matched to
 * its Service is left out whole.
 */
final class EndpointSliceMapper {

  static List<io.meshbridge.model.Endpoint> map(
      EndpointSlice slice,
      MappedService service,
      ClusterState state,
      MappingSettings settings,
      List<String> problems) {
    String namespace = slice.getMetadata().getNamespace();
    String where = "endpointslice " + namespace + "/" + slice.getMetadata().getName();
    String addressType = slice.getAddressType();
    if (!"IPv4".equals(addressType) && !"IPv6".equals(addressType)) {
      problems.add(where + ": addressType: " + addressType + " (expected: IPv4 or IPv6); left out");
      return List.of();
    }
    Map<String, Integer> ports = ports(slice, service, where, problems);
    if (ports == null) {
      return List.of();
    }
    Map<String, String> sliceLabels = ClusterState.withoutNulls(slice.getMetadata().getLabels());
    boolean registrarSlice = SliceLabels.REGISTRAR.equals(sliceLabels.get(SliceLabels.MANAGED_BY));
    List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
    List<io.meshbridge.model.Endpoint> result = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      String field = where + ": endpoints[" + i + "]";
      List<String> addresses = e.getAddresses() == null ? List.of() : e.getAddresses();
      if (addresses.isEmpty()) {
        problems.add(field + ".addresses: [] (expected: at least one address); endpoint left out");
        continue;
      }
      String address = addresses.get(0);
      if (!IpAddresses.addressType(address).equals(Optional.of(addressType))) {
        problems.add(
            field
                + ".addresses[0]: '"
                + address
                + "' (expected: an "
                + addressType
                + " address, as the slice's addressType is "
                + addressType
                + "); endpoint left out");
        continue;
      }
      ClusterState.PodInfo pod = pod(e.getTargetRef(), namespace, state);
      String nodeName =
          e.getNodeName() != null ? e.getNodeName() : pod == null ? "" : pod.nodeName();
      ClusterState.NodeInfo node = state.node(nodeName);
      Map<String, String> labels = new HashMap<>();
      if (registrarSlice) {
        sliceLabels.forEach(
            (k, v) -> {
              if (!SliceLabels.NOT_WORKLOAD_LABELS.contains(k)) {
                labels.put(k, v);
              }
            });
      }
      if (pod != null) {
        labels.putAll(pod.labels());
        if (!pod.serviceAccount().isEmpty()) {
          labels.put(KubernetesRegistry.SERVICE_ACCOUNT_LABEL, pod.serviceAccount());
        }
      }
      labels.put(KubernetesRegistry.CLUSTER_LABEL, settings.clusterId());
      try {
        result.add(
            new io.meshbridge.model.Endpoint(
                service.service().key(),
                address,
                ports,
                labels,
                health(e.getConditions()),
                locality(e, node, sliceLabels),
                1,
                settings.source()));
      } catch (IllegalArgumentException ex) {
        problems.add(field + ": " + ex.getMessage() + "; endpoint left out");
      }
    }
    return result;
  }

  /** Target port by model port name, or null (reported) if a slice port fits no Service port. */
  private static @Nullable Map<String, Integer> ports(
      EndpointSlice slice, MappedService service, String where, List<String> problems) {
    List<EndpointPort> sPorts = slice.getPorts() == null ? List.of() : slice.getPorts();
    Map<String, Integer> ports = new HashMap<>();
    for (int i = 0; i < sPorts.size(); i++) {
      EndpointPort p = sPorts.get(i);
      if (p.getProtocol() != null && !"TCP".equals(p.getProtocol())) {
        continue; // the Service's non-TCP ports are left out and reported with the Service
      }
      String name = p.getName() == null ? "" : p.getName();
      String modelName = service.portNames().get(name);
      if (modelName == null) {
        problems.add(
            where
                + ": ports["
                + i
                + "].name: '"
                + name
                + "' (expected one of the port"
                + " names of service "
                + service.service().key()
                + ": "
                + String.join(", ", new TreeSet<>(service.portNames().keySet()))
                + "); left out");
        return null;
      }
      if (p.getPort() != null) {
        ports.put(modelName, p.getPort());
      }
    }
    return ports;
  }

  private static ClusterState.@Nullable PodInfo pod(
      @Nullable ObjectReference ref, String sliceNamespace, ClusterState state) {
    if (ref == null || !"Pod".equals(ref.getKind()) || ref.getName() == null) {
      return null;
    }
    return state.pod(
        ref.getNamespace() == null ? sliceNamespace : ref.getNamespace(), ref.getName());
  }

  /**
   * Ready (or not said, which Kubernetes defines as ready) is HEALTHY; serving while terminating is
   * DRAINING, which takes no new requests; anything else is UNHEALTHY.
   */
  static HealthStatus health(@Nullable EndpointConditions conditions) {
    if (conditions == null || conditions.getReady() == null || conditions.getReady()) {
      return HealthStatus.HEALTHY;
    }
    boolean serving = Boolean.TRUE.equals(conditions.getServing());
    boolean terminating = Boolean.TRUE.equals(conditions.getTerminating());
    return serving && terminating ? HealthStatus.DRAINING : HealthStatus.UNHEALTHY;
  }

  private static Locality locality(
      Endpoint e, ClusterState.@Nullable NodeInfo node, Map<String, String> sliceLabels) {
    String zone = e.getZone() != null ? e.getZone() : node != null ? node.zone() : "";
    String region =
        node != null ? node.region() : sliceLabels.getOrDefault(ClusterState.REGION_LABEL, "");
    String subZone =
        node != null ? node.subZone() : sliceLabels.getOrDefault(ClusterState.SUBZONE_LABEL, "");
    return new Locality(region, zone, subZone);
  }

  private EndpointSliceMapper() {}
}
