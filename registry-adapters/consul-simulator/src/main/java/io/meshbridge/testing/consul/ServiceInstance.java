package io.meshbridge.testing.consul;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A service instance to put straight into the simulated catalog (as another agent would): what
 * {@code /v1/health/service/<name>} then shows under {@code Service} and {@code Node}. Values are
 * not validated beyond null checks, so tests can register what a real catalog may hold (an
 * unparseable address, port 0).
 *
 * @param id the service ID, unique within the datacenter in this simulator
 * @param name the service name
 * @param tags {@code Service.Tags}
 * @param address {@code Service.Address}; empty means "the node's address"
 * @param port {@code Service.Port}
 * @param meta {@code Service.Meta}
 * @param node the node name; each node gets a passing {@code serfHealth} check
 * @param nodeAddress {@code Node.Address}
 * @param weightPassing {@code Service.Weights.Passing}
 */
public record ServiceInstance(
    String id,
    String name,
    List<String> tags,
    String address,
    int port,
    Map<String, String> meta,
    String node,
    String nodeAddress,
    int weightPassing) {

  public ServiceInstance {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(address, "address");
    requireNonNull(node, "node");
    requireNonNull(nodeAddress, "nodeAddress");
    tags = List.copyOf(tags);
    meta = Map.copyOf(meta);
  }

  /** An instance on its own node {@code node-<id>} at 127.0.0.1, no tags, no meta, weight 1. */
  public static ServiceInstance of(String id, String name, String address, int port) {
    return new ServiceInstance(
        id, name, List.of(), address, port, Map.of(), "node-" + id, "127.0.0.1", 1);
  }

  public ServiceInstance withTags(String... newTags) {
    return new ServiceInstance(
        id, name, List.of(newTags), address, port, meta, node, nodeAddress, weightPassing);
  }

  public ServiceInstance withMeta(Map<String, String> newMeta) {
    return new ServiceInstance(
        id, name, tags, address, port, newMeta, node, nodeAddress, weightPassing);
  }

  public ServiceInstance withPort(int newPort) {
    return new ServiceInstance(
        id, name, tags, address, newPort, meta, node, nodeAddress, weightPassing);
  }

  public ServiceInstance withNode(String newNode, String newNodeAddress) {
    return new ServiceInstance(
        id, name, tags, address, port, meta, newNode, newNodeAddress, weightPassing);
  }

  public ServiceInstance withWeight(int passing) {
    return new ServiceInstance(id, name, tags, address, port, meta, node, nodeAddress, passing);
  }
}
