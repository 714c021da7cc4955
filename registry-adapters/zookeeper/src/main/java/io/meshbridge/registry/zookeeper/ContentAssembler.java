package io.meshbridge.registry.zookeeper;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Folds the instances read from ZooKeeper into services and endpoints. Pure. Rules:
 *
 * <ul>
 *   <li>Instances are grouped by mesh name ({@link ServiceNames}); when two ZooKeeper names map to
 *       the same mesh name, the first in name order keeps it and the other is reported.
 *   <li>Every endpoint of a service must serve every port of the service, so the instances of a
 *       service must agree on their port names and protocols; the most common set wins (on a tie,
 *       that of the first instance in path order) and the others are reported.
 *   <li>A service port's number is the one most of its instances listen on (on a tie, the
 *       lowest) when the service first appears; after that it stays as it was published (same
 *       port name and protocol), so that instances coming and going never move the port clients
 *       use. Each endpoint keeps its own port numbers.
 * </ul>
 */
final class ContentAssembler {

  /**
   * Folds {@code nodes}.
   *
   * @param previous the services published last, whose port numbers are kept
   */
  static Contents assemble(String registryId, String namespace, List<Service> previous,
      Collection<ParsedNode> nodes) {
    Map<ServiceKey, List<ServicePort>> previousPorts = new HashMap<>();
    previous.forEach(s -> previousPorts.put(s.key(), s.ports()));
    List<String> problems = new ArrayList<>();
    // Mesh name -> ZooKeeper name -> instances in path order.
    SortedMap<String, SortedMap<String, List<Instance>>> byMeshName = new TreeMap<>();
    nodes.stream().sorted(Comparator.comparing(ParsedNode::path)).forEach(node -> {
      Instance instance = node.instance();
      if (instance == null) {
        problems.add(java.util.Objects.requireNonNull(node.problem(), "problem"));
      } else if (instance.meshName().isEmpty()) {
        problems.add(instance.path() + ": service name '" + instance.serviceName()
            + "' has no letter or digit to make a mesh name of; instance left out");
      } else {
        byMeshName.computeIfAbsent(instance.meshName(), k -> new TreeMap<>())
            .computeIfAbsent(instance.serviceName(), k -> new ArrayList<>())
            .add(instance);
      }
    });
    List<Service> services = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    byMeshName.forEach((meshName, byServiceName) -> {
      ServiceKey key = ServiceKey.of(namespace, meshName);
      String owner = byServiceName.firstKey();
      byServiceName.forEach((serviceName, instances) -> {
        if (!serviceName.equals(owner)) {
          problems.add("service '" + serviceName + "' (" + instances.size() + " instance(s)) maps to"
              + " the mesh name " + key + ", which '" + owner + "' already has; left out");
        }
      });
      fold(registryId, key, byServiceName.get(owner),
          previousPorts.getOrDefault(key, List.of()), services, endpoints, problems);
    });
    return new Contents(services, endpoints, problems);
  }

  private static void fold(String registryId, ServiceKey key, List<Instance> instances,
      List<ServicePort> previousPorts, List<Service> services, List<Endpoint> endpoints,
      List<String> problems) {
    SortedMap<String, Protocol> signature = commonSignature(instances);
    List<Instance> agreeing = new ArrayList<>();
    for (Instance instance : instances) {
      if (instance.signature().equals(signature)) {
        agreeing.add(instance);
      } else {
        problems.add(instance.path() + ": ports " + instance.signature() + " differ from "
            + signature + ", those of the other instances of service " + key
            + "; instance left out");
      }
    }
    List<ServicePort> ports = new ArrayList<>();
    signature.forEach((name, protocol) -> ports.add(previousPorts.stream()
        .filter(p -> p.name().equals(name) && p.protocol() == protocol)
        .findFirst()
        .orElseGet(() -> new ServicePort(name, commonNumber(agreeing, name), protocol))));
    Service service;
    try {
      service = new Service(key, List.of(), ports, Map.of());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + "; service and its " + agreeing.size()
          + " instance(s) left out");
      return;
    }
    services.add(service);
    for (Instance instance : agreeing) {
      Map<String, Integer> targetPorts = new LinkedHashMap<>();
      instance.ports().forEach((name, port) -> targetPorts.put(name, port.number()));
      endpoints.add(new Endpoint(key, instance.address(), targetPorts, instance.labels(),
          instance.health(), Locality.UNKNOWN, 1, registryId));
    }
  }

  /** The most common port signature; on a tie, the first instance's. */
  private static SortedMap<String, Protocol> commonSignature(List<Instance> instances) {
    Map<SortedMap<String, Protocol>, Integer> counts = new LinkedHashMap<>();
    instances.forEach(i -> counts.merge(i.signature(), 1, Integer::sum));
    SortedMap<String, Protocol> best = instances.get(0).signature();
    for (Map.Entry<SortedMap<String, Protocol>, Integer> e : counts.entrySet()) {
      if (e.getValue() > counts.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** The port number most instances use for {@code portName}; on a tie, the lowest. */
  private static int commonNumber(List<Instance> instances, String portName) {
    Map<Integer, Integer> counts = new HashMap<>();
    instances.forEach(i -> counts.merge(i.ports().get(portName).number(), 1, Integer::sum));
    return counts.entrySet().stream()
        .min(Comparator.<Map.Entry<Integer, Integer>>comparingInt(e -> -e.getValue())
            .thenComparingInt(Map.Entry::getKey))
        .orElseThrow()
        .getKey();
  }

  private ContentAssembler() {}
}
