package io.meshbridge.pilot.aggregate;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges registry snapshots into one {@link MeshModel}; a pure function.
 *
 * <p>Rules, in precedence order of the snapshots given:
 *
 * <ul>
 *   <li>The first registry that defines a service gives its definition (ports, host names,
 *       labels). A later registry defining the same key with other ports is reported, not merged.
 *   <li>Endpoints of every registry are kept, each labelled {@link Endpoint#REGISTRY_LABEL} with
 *       the id of the registry it came from.
 *   <li>Endpoints of a service no registry defines are left out and reported.
 *   <li>Stale snapshots are merged like fresh ones: the last good content keeps serving.
 * </ul>
 */
public final class Aggregator {

  /** Merges {@code snapshots}, given in precedence order (the first wins). */
  public static AggregateResult aggregate(List<RegistrySnapshot> snapshots) {
    List<String> problems = new ArrayList<>();
    SortedMap<ServiceKey, Service> services = new TreeMap<>();
    Map<ServiceKey, String> definedBy = new HashMap<>();
    for (RegistrySnapshot snapshot : snapshots) {
      for (Service service : snapshot.services()) {
        Service first = services.putIfAbsent(service.key(), service);
        if (first == null) {
          definedBy.put(service.key(), snapshot.registryId());
        } else if (!first.ports().equals(service.ports())) {
          problems.add(
              "service "
                  + service.key()
                  + ": registry '"
                  + snapshot.registryId()
                  + "' defines ports "
                  + service.ports()
                  + " but registry '"
                  + definedBy.get(service.key())
                  + "', which takes precedence, defines "
                  + first.ports()
                  + "; keeping the latter");
        }
      }
    }

    List<Endpoint> endpoints = new ArrayList<>();
    for (RegistrySnapshot snapshot : snapshots) {
      Map<ServiceKey, Integer> orphans = new LinkedHashMap<>();
      for (Endpoint endpoint : snapshot.endpoints()) {
        if (services.containsKey(endpoint.service())) {
          endpoints.add(labelled(endpoint, snapshot.registryId()));
        } else {
          orphans.merge(endpoint.service(), 1, Integer::sum);
        }
      }
      orphans.forEach(
          (key, count) ->
              problems.add(
                  "registry '"
                      + snapshot.registryId()
                      + "': "
                      + count
                      + (count == 1 ? " endpoint" : " endpoints")
                      + " of service "
                      + key
                      + " left out: no registry defines the service"));
    }

    List<RegistryStatus> statuses = new ArrayList<>();
    for (RegistrySnapshot s : snapshots) {
      statuses.add(new RegistryStatus(s.registryId(), s.version(), s.stale(), true, s.problems()));
    }
    return new AggregateResult(
        MeshModel.of(List.copyOf(services.values()), endpoints), problems, statuses);
  }

  private static Endpoint labelled(Endpoint endpoint, String registryId) {
    Map<String, String> labels = new HashMap<>(endpoint.labels());
    labels.put(Endpoint.REGISTRY_LABEL, registryId);
    return endpoint.withLabels(labels);
  }

  private Aggregator() {}
}
