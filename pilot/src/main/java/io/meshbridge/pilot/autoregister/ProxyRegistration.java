package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Status;
import io.meshbridge.model.Locality;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a proxy's node says about the WorkloadEntry it wants (Istio's keys): {@code
 * AUTO_REGISTER_GROUP} names the WorkloadGroup in the node's {@code NAMESPACE}; the first of
 * {@code INSTANCE_IPS} (comma-separated) is the address; {@code LABELS}, {@code NETWORK} and the
 * node's locality override the group's.
 *
 * @param locality the node's, or null when it has none
 */
public record ProxyRegistration(
    String nodeId,
    String group,
    String namespace,
    String address,
    Map<String, String> labels,
    String network,
    @Nullable Locality locality) {

  public static final String GROUP_KEY = "AUTO_REGISTER_GROUP";
  public static final String INSTANCE_IPS_KEY = "INSTANCE_IPS";
  static final String NAMESPACE_KEY = "NAMESPACE";
  static final String LABELS_KEY = "LABELS";
  static final String NETWORK_KEY = "NETWORK";

  public ProxyRegistration {
    requireNonNull(nodeId, "nodeId");
    requireNonNull(group, "group");
    requireNonNull(namespace, "namespace");
    requireNonNull(address, "address");
    requireNonNull(network, "network");
    labels = Map.copyOf(labels);
  }

  /**
   * The registration {@code node} asks for, or null when it names no group.
   *
   * @throws RegistrationRefusedException ({@code INVALID_ARGUMENT}) naming the key that is missing
   *     or malformed
   */
  public static @Nullable ProxyRegistration of(Node node) {
    Struct metadata = node.getMetadata();
    String group = string(node, GROUP_KEY);
    if (group == null) {
      return null;
    }
    if (group.isEmpty()) {
      throw invalid(node, GROUP_KEY, "'' (expected: a WorkloadGroup name)");
    }
    String namespace = string(node, NAMESPACE_KEY);
    if (namespace == null || namespace.isEmpty()) {
      throw invalid(node, NAMESPACE_KEY, "missing (expected: the namespace of WorkloadGroup '"
          + group + "', required with " + GROUP_KEY + ")");
    }
    String ips = string(node, INSTANCE_IPS_KEY);
    if (ips == null || ips.isBlank()) {
      throw invalid(node, INSTANCE_IPS_KEY, "missing (expected: the workload's IP addresses,"
          + " comma-separated, required with " + GROUP_KEY + ")");
    }
    String address = ips.split(",", -1)[0].trim();
    if (!InetAddresses.isInetAddress(address)) {
      throw invalid(node, INSTANCE_IPS_KEY, "'" + address + "' (expected: an IP address)");
    }
    String network = string(node, NETWORK_KEY);
    Map<String, String> labels = new TreeMap<>();
    Value l = metadata.getFieldsOrDefault(LABELS_KEY, null);
    if (l != null) {
      if (!l.hasStructValue()) {
        throw invalid(node, LABELS_KEY, "expected a Struct of strings");
      }
      for (Map.Entry<String, Value> e : l.getStructValue().getFieldsMap().entrySet()) {
        if (!e.getValue().hasStringValue()) {
          throw invalid(node, LABELS_KEY + "." + e.getKey(), "expected a string");
        }
        labels.put(e.getKey(), e.getValue().getStringValue());
      }
    }
    // As Istio: the locality travels as the node's own field, not as a label.
    labels.remove("istio-locality");
    Locality locality = null;
    var n = node.getLocality();
    if (!n.getRegion().isEmpty() || !n.getZone().isEmpty() || !n.getSubZone().isEmpty()) {
      locality = new Locality(n.getRegion(), n.getZone(), n.getSubZone());
    }
    return new ProxyRegistration(node.getId(), group, namespace, address, labels,
        network == null ? "" : network, locality);
  }

  /**
   * The entry's name as Istio makes it: {@code <group>-<ip>[-<network>]}, ':' of an IPv6 address
   * as '-', the last 253 characters when longer.
   */
  public String entryName() {
    String name = group + "-" + address.replace(':', '-') + (network.isEmpty() ? "" : "-" + network);
    return name.length() > 253 ? name.substring(name.length() - 253) : name;
  }

  private static @Nullable String string(Node node, String key) {
    Value v = node.getMetadata().getFieldsOrDefault(key, null);
    if (v == null) {
      return null;
    }
    if (!v.hasStringValue()) {
      throw invalid(node, key, "expected a string");
    }
    return v.getStringValue();
  }

  private static RegistrationRefusedException invalid(Node node, String key, String problem) {
    return new RegistrationRefusedException(Status.Code.INVALID_ARGUMENT, "invalid_node",
        "node '" + node.getId() + "': metadata." + key + ": " + problem);
  }
}
