package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbridge.testing.consul.Catalog.Indexed;
import io.meshbridge.testing.consul.Datacenter.InstanceRecord;
import io.meshbridge.testing.consul.Datacenter.NodeRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Renders the simulated catalog in the JSON shapes of Consul's HTTP API, field names as Consul
 * spells them: {@code /v1/catalog/services}, {@code /v1/health/service/<name>}, {@code
 * /v1/agent/services}. Called under the {@link Catalog}'s lock.
 */
final class HealthJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The index {@link #catalogServices} reports. */
  static long catalogServicesIndex(Datacenter d) {
    return Math.max(1, d.servicesIndex);
  }

  /** {@code {"name": ["tag", ...]}}: every service with the union of its instances' tags. */
  static Indexed catalogServices(Datacenter d) {
    Map<String, Set<String>> tags = new TreeMap<>();
    for (InstanceRecord r : d.instances.values()) {
      tags.computeIfAbsent(r.instance.name(), n -> new TreeSet<>()).addAll(r.instance.tags());
    }
    d.rawEntries.keySet().forEach(name -> tags.computeIfAbsent(name, n -> new TreeSet<>()));
    ObjectNode body = JSON.objectNode();
    tags.forEach(
        (name, t) -> {
          ArrayNode array = body.putArray(name);
          t.forEach(array::add);
        });
    return new Indexed(catalogServicesIndex(d), body);
  }

  /** The entries of one service; with {@code passing}, only those whose checks all pass. */
  static Indexed healthService(Datacenter d, String name, boolean passing) {
    ArrayNode body = JSON.arrayNode();
    // One pass over the instances and one over the checks per answer, not one per instance:
    // answers are rendered under the catalog's lock, one at a time (see the README, "Waking").
    Map<String, List<SimulatedCheck>> serviceChecks = new HashMap<>();
    for (InstanceRecord r : d.instances.values()) {
      if (r.instance.name().equals(name)) {
        serviceChecks.put(r.instance.id(), new ArrayList<>());
      }
    }
    for (SimulatedCheck c : d.checks.values()) {
      List<SimulatedCheck> of = serviceChecks.get(c.serviceId);
      if (of != null) {
        of.add(c);
      }
    }
    for (InstanceRecord r : d.instances.values()) {
      if (!serviceChecks.containsKey(r.instance.id())) {
        continue;
      }
      NodeRecord node = d.nodes.get(r.instance.node());
      List<SimulatedCheck> checks = new ArrayList<>();
      checks.add(node.serfHealth());
      checks.addAll(serviceChecks.get(r.instance.id()));
      if (passing && !checks.stream().allMatch(c -> c.status == CheckStatus.PASSING)) {
        continue;
      }
      ObjectNode entry = body.addObject();
      entry.set("Node", node(d, node));
      entry.set("Service", service(r));
      ArrayNode checkArray = entry.putArray("Checks");
      checks.forEach(c -> checkArray.add(check(c, r.instance)));
    }
    for (JsonNode raw : d.rawEntries.getOrDefault(name, List.of())) {
      if (!passing || allPassing(raw.path("Checks"))) {
        body.add(raw.deepCopy());
      }
    }
    return new Indexed(d.serviceIndex(name), body);
  }

  /** {@code /v1/agent/services}: the agent's own services by ID. */
  static ObjectNode agentServices(Datacenter d, String agentNode) {
    ObjectNode body = JSON.objectNode();
    for (InstanceRecord r : d.instances.values()) {
      if (r.agentLocal && r.instance.node().equals(agentNode)) {
        ObjectNode s = body.putObject(r.instance.id());
        s.put("ID", r.instance.id());
        s.put("Service", r.instance.name());
        r.instance.tags().forEach(s.putArray("Tags")::add);
        ObjectNode meta = s.putObject("Meta");
        r.instance.meta().forEach(meta::put);
        s.put("Port", r.instance.port());
        s.put("Address", r.instance.address());
        ObjectNode weights = s.putObject("Weights");
        weights.put("Passing", r.instance.weightPassing());
        weights.put("Warning", 1);
        s.put("EnableTagOverride", false);
        s.put("Datacenter", d.name);
      }
    }
    return body;
  }

  private static ObjectNode node(Datacenter d, NodeRecord node) {
    ObjectNode n = JSON.objectNode();
    n.put("ID", UUID.nameUUIDFromBytes(node.name().getBytes(StandardCharsets.UTF_8)).toString());
    n.put("Node", node.name());
    n.put("Address", node.address());
    n.put("Datacenter", d.name);
    ObjectNode tagged = n.putObject("TaggedAddresses");
    tagged.put("lan", node.address());
    tagged.put("lan_ipv4", node.address());
    tagged.put("wan", node.address());
    tagged.put("wan_ipv4", node.address());
    n.putObject("Meta").put("consul-network-segment", "");
    n.put("CreateIndex", node.createIndex());
    n.put("ModifyIndex", node.createIndex());
    return n;
  }

  private static ObjectNode service(InstanceRecord r) {
    ServiceInstance i = r.instance;
    ObjectNode s = JSON.objectNode();
    s.put("ID", i.id());
    s.put("Service", i.name());
    i.tags().forEach(s.putArray("Tags")::add);
    s.put("Address", i.address());
    ObjectNode meta = s.putObject("Meta");
    i.meta().forEach(meta::put);
    s.put("Port", i.port());
    ObjectNode weights = s.putObject("Weights");
    weights.put("Passing", i.weightPassing());
    weights.put("Warning", 1);
    s.put("EnableTagOverride", false);
    ObjectNode proxy = s.putObject("Proxy");
    proxy.put("Mode", "");
    proxy.putObject("MeshGateway");
    proxy.putObject("Expose");
    s.putObject("Connect");
    s.put("PeerName", "");
    s.put("CreateIndex", r.createIndex);
    s.put("ModifyIndex", r.modifyIndex);
    return s;
  }

  private static ObjectNode check(SimulatedCheck c, ServiceInstance instance) {
    ObjectNode n = JSON.objectNode();
    n.put("Node", c.node);
    n.put("CheckID", c.checkId);
    n.put("Name", c.name);
    n.put("Status", c.status.json());
    n.put("Notes", c.notes);
    n.put("Output", c.output);
    n.put("ServiceID", c.serviceId);
    n.put("ServiceName", c.serviceName);
    ArrayNode tags = n.putArray("ServiceTags");
    if (!c.serviceId.isEmpty()) {
      instance.tags().forEach(tags::add);
    }
    n.put("Type", c.type);
    n.put("Interval", c.interval);
    n.put("Timeout", c.timeout);
    n.put("ExposedPort", 0);
    ObjectNode def = n.putObject("Definition");
    def.put("Interval", c.interval.isEmpty() ? "0s" : c.interval);
    def.put("Timeout", c.timeout.isEmpty() ? "0s" : c.timeout);
    def.put(
        "DeregisterCriticalServiceAfter",
        c.deregisterAfterText.isEmpty() ? "0s" : c.deregisterAfterText);
    def.put("HTTP", c.http);
    def.putNull("Header");
    def.put("Method", "");
    def.put("Body", "");
    def.put("TLSServerName", "");
    def.put("TLSSkipVerify", false);
    def.put("TCP", c.tcp);
    n.put("CreateIndex", c.createIndex);
    n.put("ModifyIndex", c.modifyIndex);
    return n;
  }

  private static boolean allPassing(JsonNode checks) {
    for (JsonNode c : checks) {
      if (!"passing".equals(c.path("Status").asText())) {
        return false;
      }
    }
    return true;
  }

  private HealthJson() {}
}
