package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The cluster objects one registry has seen, as its informers deliver them. Confined to the
 * registry's thread. Pods and Nodes are kept only as the few fields the mapping reads, so that
 * their frequent status updates change nothing here.
 */
final class ClusterState {

  static final String REGION_LABEL = "topology.kubernetes.io/region";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String SUBZONE_LABEL = "topology.istio.io/subzone";

  /** What an endpoint needs of its Pod. */
  record PodInfo(Map<String, String> labels, String serviceAccount, String nodeName) {
    PodInfo {
      labels = Map.copyOf(labels);
    }
  }

  /** What an endpoint needs of its Node: the topology labels, "" when absent. */
  record NodeInfo(String region, String zone, String subZone) {}

  private final SortedMap<String, Service> services = new TreeMap<>();
  private final SortedMap<String, EndpointSlice> slices = new TreeMap<>();
  private final Map<String, PodInfo> pods = new HashMap<>();
  private final Map<String, NodeInfo> nodes = new HashMap<>();

  /** Adds or replaces an object; true if anything the mapping reads changed. */
  boolean upsert(HasMetadata object) {
    String key = key(object.getMetadata());
    if (object instanceof Service s) {
      return !Objects.equals(services.put(key, s), s);
    } else if (object instanceof EndpointSlice s) {
      return !Objects.equals(slices.put(key, s), s);
    } else if (object instanceof Pod p) {
      PodInfo info = podInfo(p);
      return !info.equals(pods.put(key, info));
    } else if (object instanceof Node n) {
      NodeInfo info = nodeInfo(n);
      return !info.equals(nodes.put(key, info));
    }
    throw new IllegalArgumentException("object: unexpected kind " + object.getKind());
  }

  /** Removes an object; true if it was there. */
  boolean delete(HasMetadata object) {
    String key = key(object.getMetadata());
    Map<String, ?> map =
        object instanceof Service
            ? services
            : object instanceof EndpointSlice
                ? slices
                : object instanceof Pod ? pods : object instanceof Node ? nodes : Map.of();
    return map.remove(key) != null;
  }

  /** Services by {@code namespace/name}, in that order. */
  SortedMap<String, Service> services() {
    return services;
  }

  /** EndpointSlices, in {@code namespace/name} order. */
  Collection<EndpointSlice> slices() {
    return slices.values();
  }

  @Nullable PodInfo pod(String namespace, String name) {
    return pods.get(namespace + "/" + name);
  }

  @Nullable NodeInfo node(String name) {
    return nodes.get("/" + name);
  }

  static String key(ObjectMeta meta) {
    String namespace = meta.getNamespace();
    return (namespace == null ? "" : namespace) + "/" + meta.getName();
  }

  /** A copy of labels as an API payload gives them, which may be absent or hold null values. */
  static Map<String, String> withoutNulls(@Nullable Map<String, String> labels) {
    if (labels == null) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>();
    labels.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return Map.copyOf(copy);
  }

  private static PodInfo podInfo(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    var spec = pod.getSpec();
    String account = spec == null ? null : spec.getServiceAccountName();
    String node = spec == null ? null : spec.getNodeName();
    return new PodInfo(
        withoutNulls(labels), account == null ? "" : account, node == null ? "" : node);
  }

  private static NodeInfo nodeInfo(Node node) {
    Map<String, String> l = withoutNulls(node.getMetadata().getLabels());
    return new NodeInfo(
        l.getOrDefault(REGION_LABEL, ""),
        l.getOrDefault(ZONE_LABEL, ""),
        l.getOrDefault(SUBZONE_LABEL, ""));
  }
}
