package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Service;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a registry has seen, as model content. Pure and deterministic: services in key order,
 * endpoints in (service, address) order, problems in object order.
 *
 * <p>EndpointSlices of a Service that is not read (not selected, left out, or absent) are not used.
 * An endpoint (address and ports) that appears in two slices of one Service (Kubernetes allows this
 * while a controller moves endpoints) is used once, with its best health; one address with
 * different ports (host-network Pods on one node) gives one endpoint per port set.
 */
final class SnapshotMapper {

  private static final Comparator<Endpoint> ORDER =
      Comparator.comparing(Endpoint::service)
          .thenComparing(Endpoint::address)
          .thenComparing(e -> new TreeMap<>(e.ports()).toString());

  static Contents map(ClusterState state, MappingSettings settings, Instant now) {
    List<String> problems = new ArrayList<>();
    Map<String, MappedService> services = new LinkedHashMap<>();
    state
        .services()
        .forEach(
            (key, k8s) -> {
              MappedService mapped = ServiceMapper.map(k8s, settings, problems);
              if (mapped != null) {
                services.put(key, mapped);
              }
            });
    Map<String, Endpoint> endpoints = new HashMap<>();
    for (EndpointSlice slice : state.slices()) {
      String namespace = slice.getMetadata().getNamespace();
      Map<String, String> labels = slice.getMetadata().getLabels();
      String owner = labels == null ? null : labels.get(SliceLabels.SERVICE_NAME);
      if (owner == null) {
        problems.add(
            "endpointslice "
                + ClusterState.key(slice.getMetadata())
                + ": metadata.labels."
                + SliceLabels.SERVICE_NAME
                + ": missing (expected: the name of its Service); left out");
        continue;
      }
      MappedService service = services.get(namespace + "/" + owner);
      if (service == null) {
        continue;
      }
      String expired = SliceLeases.expired(slice, SliceLeases.read(slice), now);
      if (expired != null) {
        problems.add(expired);
        continue;
      }
      for (Endpoint e : EndpointSliceMapper.map(slice, service, state, settings, problems)) {
        endpoints.merge(
            e.service() + " " + e.address() + " " + new TreeMap<>(e.ports()),
            e,
            SnapshotMapper::better);
      }
    }
    List<Endpoint> sorted = new ArrayList<>(endpoints.values());
    sorted.sort(ORDER);
    List<Service> models =
        services.values().stream()
            .map(MappedService::service)
            .sorted(Comparator.comparing(Service::key))
            .toList();
    return new Contents(models, sorted, problems);
  }

  private static Endpoint better(Endpoint a, Endpoint b) {
    return rank(b.health()) < rank(a.health()) ? b : a;
  }

  private static int rank(HealthStatus health) {
    return switch (health) {
      case HEALTHY -> 0;
      case UNKNOWN -> 1;
      case DRAINING -> 2;
      case UNHEALTHY -> 3;
    };
  }

  private SnapshotMapper() {}
}
