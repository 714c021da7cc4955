package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog of one simulated datacenter: nodes, service instances, checks, and the raft indexes
 * blocking queries compare against. Each datacenter is its own Consul cluster, so each has its own
 * index. Mutable; guarded by the {@link Catalog}'s lock.
 */
final class Datacenter {

  /** A service instance in the catalog and whether the simulated agent owns it. */
  static final class InstanceRecord {
    ServiceInstance instance;
    final boolean agentLocal;
    final long createIndex;
    long modifyIndex;

    InstanceRecord(ServiceInstance instance, boolean agentLocal, long createIndex) {
      this.instance = instance;
      this.agentLocal = agentLocal;
      this.createIndex = createIndex;
      this.modifyIndex = createIndex;
    }
  }

  /** A node and its {@code serfHealth} check. */
  record NodeRecord(String name, String address, SimulatedCheck serfHealth, long createIndex) {}

  final String name;
  long raftIndex;

  /** The index of the last change to the set of services or their tags. */
  long servicesIndex;

  /** By service name: the index of the last change to its instances or their checks. */
  final Map<String, Long> serviceIndexes = new HashMap<>();

  final Map<String, InstanceRecord> instances = new TreeMap<>();
  final Map<String, NodeRecord> nodes = new TreeMap<>();

  /** Service checks by check ID. */
  final Map<String, SimulatedCheck> checks = new TreeMap<>();

  /** Entries injected verbatim into {@code /v1/health/service/<name>}, by service name. */
  final Map<String, List<JsonNode>> rawEntries = new TreeMap<>();

  Datacenter(String name, long initialIndex) {
    this.name = name;
    this.raftIndex = initialIndex;
    this.servicesIndex = initialIndex;
  }

  long nextIndex() {
    return ++raftIndex;
  }

  /** Records a change to {@code serviceName}'s instances or checks at {@code index}. */
  void touchService(String serviceName, long index) {
    serviceIndexes.put(serviceName, index);
  }

  /** The index {@code /v1/health/service/<name>} reports: never below 1. */
  long serviceIndex(String serviceName) {
    return Math.max(1, serviceIndexes.getOrDefault(serviceName, servicesIndex));
  }

  List<SimulatedCheck> checksOf(String serviceId) {
    List<SimulatedCheck> result = new ArrayList<>();
    for (SimulatedCheck c : checks.values()) {
      if (c.serviceId.equals(serviceId)) {
        result.add(c);
      }
    }
    return result;
  }

  /** Moves every index back to {@code index}, as a restored raft snapshot does; data is kept. */
  void resetIndexes(long index) {
    raftIndex = index;
    servicesIndex = index;
    serviceIndexes.replaceAll((name, old) -> index);
  }

  /** The agent-local instances whose check has been critical longer than its deregister-after. */
  List<String> reapable(long now) {
    List<String> doomed = new ArrayList<>();
    for (SimulatedCheck c : checks.values()) {
      InstanceRecord r = instances.get(c.serviceId);
      if (r != null
          && r.agentLocal
          && c.deregisterAfterNanos > 0
          && c.status == CheckStatus.CRITICAL
          && now - c.criticalSinceNanos > c.deregisterAfterNanos) {
        doomed.add(c.serviceId);
      }
    }
    return doomed;
  }
}
