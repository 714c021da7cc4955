package io.meshbridge.pilot.istio;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Resolution;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.ServiceEntry;
import io.meshbridge.pilot.policy.Workload;
import io.meshbridge.pilot.policy.WorkloadEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns accepted ServiceEntries (and the WorkloadEntries they select) into services and endpoints.
 * Pure. As in Istio, each host of a ServiceEntry is a service of its own: host {@code
 * api.example.com} in namespace {@code shop} is service {@code shop/api-example-com} with host name
 * {@code api.example.com}, the ServiceEntry's ports, and its endpoints.
 */
final class ServiceEntryMapper {

  /** What the registry publishes. */
  record Content(List<Service> services, List<Endpoint> endpoints, List<String> problems) {
    Content {
      services = List.copyOf(services);
      endpoints = List.copyOf(endpoints);
      problems = List.copyOf(problems);
    }
  }

  static Content map(List<ServiceEntry> entries, List<WorkloadEntry> workloads, String registryId) {
    return map(entries, workloads, registryId, Set.of());
  }

  /**
   * @param unhealthy the selected WorkloadEntries (workloads) whose proxy reported itself unhealthy
   *     (auto-registration health checks): their endpoints are {@code UNHEALTHY}
   */
  static Content map(List<ServiceEntry> entries, List<WorkloadEntry> workloads, String registryId,
      Set<Workload> unhealthy) {
    List<Service> services = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<ServiceKey, ServiceEntry> owners = new HashMap<>();
    for (ServiceEntry se : entries) {
      List<ServicePort> ports =
          se.ports().stream().map(p -> new ServicePort(p.name(), p.number(), p.protocol())).toList();
      List<Workload> members = members(se, workloads, problems);
      for (int i = 0; i < se.hosts().size(); i++) {
        String host = se.hosts().get(i);
        ServiceKey key = new ServiceKey(se.namespace(), ServiceNames.of(host));
        ServiceEntry owner = owners.putIfAbsent(key, se);
        if (owner != null) {
          problems.add(
              se.describe() + ": spec.hosts[" + i + "]: '" + host + "' is already service " + key
                  + " of " + owner.describe() + "; left out (" + se.source() + ")");
          continue;
        }
        Resolution resolution =
            se.resolution() == ServiceEntry.Resolution.DNS ? Resolution.DNS : Resolution.STATIC;
        services.add(new Service(key, List.of(host), ports, Map.of(), resolution));
        if (resolution == Resolution.DNS && members.isEmpty() && se.workloadSelector() == null) {
          // As Istio: a DNS ServiceEntry without endpoints resolves its host itself.
          endpoints.add(endpoint(key, se, new Workload(host, Map.of(), Map.of(),
              io.meshbridge.model.Locality.UNKNOWN, 1, "", ""), registryId, HealthStatus.HEALTHY));
        }
        for (Workload w : members) {
          endpoints.add(endpoint(key, se, w, registryId,
              se.workloadSelector() != null && unhealthy.contains(w)
                  ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY));
        }
      }
    }
    return new Content(services, endpoints, problems);
  }

  /** Its {@code endpoints}, or the WorkloadEntries of its namespace its selector matches. */
  private static List<Workload> members(
      ServiceEntry se, List<WorkloadEntry> workloads, List<String> problems) {
    Map<String, String> selector = se.workloadSelector();
    if (selector == null) {
      return se.endpoints();
    }
    List<Workload> members = new ArrayList<>();
    for (WorkloadEntry we : workloads) {
      if (!we.namespace().equals(se.namespace()) || !we.workload().matches(selector)) {
        continue;
      }
      String address = we.workload().address();
      if (se.resolution() == ServiceEntry.Resolution.STATIC
          && !com.google.common.net.InetAddresses.isInetAddress(address)) {
        problems.add(
            we.describe() + ": spec.address: '" + address + "' is not an IP address, which "
                + se.describe() + " (resolution STATIC) needs; left out of it (" + we.source()
                + ")");
        continue;
      }
      members.add(we.workload());
    }
    return members;
  }

  private static Endpoint endpoint(
      ServiceKey key, ServiceEntry se, Workload w, String registryId, HealthStatus health) {
    Map<String, Integer> ports = new HashMap<>();
    for (ServiceEntry.Port p : se.ports()) {
      Integer own = w.ports().get(p.name());
      if (own != null) {
        ports.put(p.name(), own);
      } else if (p.targetPort() != 0) {
        ports.put(p.name(), p.targetPort());
      }
    }
    return new Endpoint(
        key, w.address(), ports, w.labels(), health, w.locality(), w.weight(),
        registryId);
  }

  private ServiceEntryMapper() {}
}
