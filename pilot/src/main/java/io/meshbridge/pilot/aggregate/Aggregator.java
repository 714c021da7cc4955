package io.meshbridge.pilot.aggregate;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges registry snapshots into one {@link MeshModel}; a pure function.
 *
 * <p>Rules, in precedence order of the snapshots given:
 *
 * <ul>
 *   <li>Each snapshot's services are first put under their mesh names ({@link ServiceMapping};
 *       by default the same namespace/name in several registries is one service).
 *   <li>The first registry that defines a service gives its definition (ports, host names,
 *       labels). A later registry defining the same key with other port names or protocols is
 *       reported, not merged (other port numbers alone are normal: see {@link #portShapes}).
 *   <li>Endpoints of every registry are kept, each labelled {@link Endpoint#REGISTRY_LABEL} with
 *       the id of the registry it came from: a DestinationRule subset can select by source.
 *   <li>One endpoint (same service, address and target ports) reported by several registries is
 *       served once, as the highest-precedence registry reports it; if they disagree about its
 *       health or labels, that is recorded as an {@link EndpointConflict}.
 *   <li>Endpoints of a service no registry defines are left out and reported, and so are those of
 *       a registry whose definition resolves the service otherwise ({@link
 *       io.meshbridge.model.Resolution}) than the definition kept.
 *   <li>Stale snapshots are merged like fresh ones: the last good content keeps serving.
 * </ul>
 */
public final class Aggregator {

  /** Merges {@code snapshots}, in precedence order, with every service under its own name. */
  public static AggregateResult aggregate(List<RegistrySnapshot> snapshots) {
    return aggregate(snapshots, ServiceMapping.IDENTITY);
  }

  /** Merges {@code snapshots}, given in precedence order (the first wins), after {@code mapping}. */
  public static AggregateResult aggregate(
      List<RegistrySnapshot> snapshots, ServiceMapping mapping) {
    List<RegistrySnapshot> mapped = snapshots.stream().map(mapping::apply).toList();
    List<String> problems = new ArrayList<>();
    Set<String> otherResolution = new HashSet<>();
    SortedMap<ServiceKey, Service> services = services(mapped, problems, otherResolution);

    List<Endpoint> endpoints = new ArrayList<>();
    List<EndpointConflict> conflicts = new ArrayList<>();
    Map<EndpointId, Endpoint> seen = new HashMap<>();
    for (RegistrySnapshot snapshot : mapped) {
      Map<ServiceKey, Integer> orphans = new LinkedHashMap<>();
      for (Endpoint endpoint : snapshot.endpoints()) {
        Service service = services.get(endpoint.service());
        if (service == null) {
          orphans.merge(endpoint.service(), 1, Integer::sum);
          continue;
        }
        if (otherResolution.contains(snapshot.registryId() + " " + endpoint.service())) {
          continue; // reported with the service's definition
        }
        Endpoint labelled = labelled(endpoint, snapshot.registryId());
        EndpointId id = EndpointId.of(service, endpoint);
        Endpoint kept = seen.putIfAbsent(id, labelled);
        if (kept == null) {
          endpoints.add(labelled);
        } else {
          String difference = difference(kept, endpoint);
          if (!difference.isEmpty()) {
            conflicts.add(
                new EndpointConflict(
                    id.service(),
                    id.address(),
                    id.targetPorts(),
                    kept.labels().get(Endpoint.REGISTRY_LABEL),
                    snapshot.registryId(),
                    difference));
          }
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
      statuses.add(
          new RegistryStatus(
              s.registryId(),
              s.version(),
              s.stale(),
              true,
              null,
              s.services().size(),
              s.endpoints().size(),
              0,
              s.problems()));
    }
    return new AggregateResult(
        MeshModel.of(List.copyOf(services.values()), endpoints), problems, conflicts, statuses);
  }

  /**
   * @param otherResolution gets {@code "<registry id> <service key>"} for each registry whose
   *     definition of a service resolves its endpoints otherwise than the one kept (their
   *     addresses would be IPs in a DNS cluster or host names in EDS); their endpoints are left out
   */
  private static SortedMap<ServiceKey, Service> services(
      List<RegistrySnapshot> snapshots, List<String> problems, Set<String> otherResolution) {
    SortedMap<ServiceKey, Service> services = new TreeMap<>();
    Map<ServiceKey, String> definedBy = new HashMap<>();
    for (RegistrySnapshot snapshot : snapshots) {
      for (Service service : snapshot.services()) {
        Service first = services.putIfAbsent(service.key(), service);
        if (first == null) {
          definedBy.put(service.key(), snapshot.registryId());
        } else if (first.resolution() != service.resolution()) {
          otherResolution.add(snapshot.registryId() + " " + service.key());
          problems.add(
              "service " + service.key() + ": registry '" + snapshot.registryId()
                  + "' resolves its endpoints by " + service.resolution() + " but registry '"
                  + definedBy.get(service.key()) + "', which takes precedence, by "
                  + first.resolution() + "; the endpoints of '" + snapshot.registryId()
                  + "' are left out");
        } else if (!portShapes(first).equals(portShapes(service))) {
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
    return services;
  }

  /**
   * A service's ports by name and protocol. Port numbers may differ between registries without
   * harm (Consul, Eureka and ZooKeeper adapters derive them from their instances, and endpoints map
   * to service ports by name); different names or protocols are a real disagreement.
   */
  private static Map<String, io.meshbridge.model.Protocol> portShapes(Service service) {
    Map<String, io.meshbridge.model.Protocol> shapes = new TreeMap<>();
    for (ServicePort p : service.ports()) {
      shapes.put(p.name(), p.protocol());
    }
    return shapes;
  }

  /** What two reports of one endpoint disagree about (registry label aside); empty if nothing. */
  private static String difference(Endpoint kept, Endpoint other) {
    List<String> parts = new ArrayList<>();
    if (kept.health() != other.health()) {
      parts.add("health: " + kept.health() + " vs " + other.health());
    }
    Map<String, String> keptLabels = new TreeMap<>(kept.labels());
    keptLabels.remove(Endpoint.REGISTRY_LABEL);
    Map<String, String> otherLabels = new TreeMap<>(other.labels());
    otherLabels.remove(Endpoint.REGISTRY_LABEL);
    if (!keptLabels.equals(otherLabels)) {
      parts.add("labels: " + keptLabels + " vs " + otherLabels);
    }
    return String.join("; ", parts);
  }

  private static Endpoint labelled(Endpoint endpoint, String registryId) {
    Map<String, String> labels = new HashMap<>(endpoint.labels());
    labels.put(Endpoint.REGISTRY_LABEL, registryId);
    return endpoint.withLabels(labels);
  }

  /** One endpoint of one service: its address and the port it serves each service port on. */
  private record EndpointId(
      ServiceKey service, String address, SortedMap<String, Integer> targetPorts) {

    static EndpointId of(Service service, Endpoint endpoint) {
      SortedMap<String, Integer> ports = new TreeMap<>();
      for (ServicePort port : service.ports()) {
        ports.put(port.name(), endpoint.targetPort(port));
      }
      return new EndpointId(service.key(), endpoint.address(), ports);
    }
  }

  private Aggregator() {}
}
