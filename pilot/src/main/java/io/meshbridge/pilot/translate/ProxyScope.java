package io.meshbridge.pilot.translate;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import com.google.protobuf.Value;
import io.meshbridge.model.Locality;
import java.util.Map;
import io.envoyproxy.envoy.config.core.v3.Node;
import org.jspecify.annotations.Nullable;

/**
 * Which resources a proxy gets: pilot keeps one snapshot per distinct scope.
 *
 * @param kind a sidecar proxy that binds listeners, or a proxyless gRPC client that gets API
 *     listeners
 * @param bindAddress the IP literal sidecar listeners bind to
 * @param labels the node's {@code LABELS} metadata, only the keys the policies use (see {@link
 *     ScopeNeeds}), sorted
 * @param locality the node's locality when the policies use it, else {@link Locality#UNKNOWN}
 * @param workload the workload the node runs (identity, inbound ports), or null when its metadata
 *     names none
 * @param interception how the node's outbound traffic is captured (Istio's {@code
 *     INTERCEPTION_MODE}); {@code TPROXY} sidecars get the virtual outbound listener
 */
public record ProxyScope(
    Kind kind,
    String bindAddress,
    Map<String, String> labels,
    Locality locality,
    @Nullable ProxyWorkload workload,
    Interception interception) {

  /** Istio's {@code INTERCEPTION_MODE} values. */
  public enum Interception {
    REDIRECT,
    TPROXY,
    NONE
  }

  /** Node metadata key with the node's interception mode, as Istio's. */
  public static final String INTERCEPTION_MODE_METADATA = "INTERCEPTION_MODE";

  /** A scope with Istio's default interception, {@code REDIRECT}. */
  public ProxyScope(
      Kind kind,
      String bindAddress,
      Map<String, String> labels,
      Locality locality,
      @Nullable ProxyWorkload workload) {
    this(kind, bindAddress, labels, locality, workload, Interception.REDIRECT);
  }

  /** Node metadata key that marks a proxyless client when set to {@code "true"}. */
  public static final String PROXYLESS_METADATA = "MESHBRIDGE_PROXYLESS";

  /** Node metadata key with the proxy's workload labels (a Struct of strings), as Istio's. */
  public static final String LABELS_METADATA = "LABELS";

  /** Node metadata key that names the IP literal a sidecar's listeners bind to. */
  public static final String BIND_ADDRESS_METADATA = "MESHBRIDGE_BIND_ADDRESS";

  /** The scope of a node that says nothing: a sidecar binding {@code 0.0.0.0}. */
  public static final ProxyScope DEFAULT = new ProxyScope(Kind.SIDECAR, "0.0.0.0");

  /** A scope without labels and locality. */
  public ProxyScope(Kind kind, String bindAddress) {
    this(kind, bindAddress, Map.of(), Locality.UNKNOWN);
  }

  /** A scope without a workload. */
  public ProxyScope(Kind kind, String bindAddress, Map<String, String> labels, Locality locality) {
    this(kind, bindAddress, labels, locality, null);
  }

  /** This scope running {@code newWorkload}. */
  public ProxyScope withWorkload(@Nullable ProxyWorkload newWorkload) {
    return new ProxyScope(kind, bindAddress, labels, locality, newWorkload, interception);
  }

  /** This scope with {@code mode} interception. */
  public ProxyScope withInterception(Interception mode) {
    return new ProxyScope(kind, bindAddress, labels, locality, workload, mode);
  }

  /** What kind of xDS client a node is. */
  public enum Kind {
    SIDECAR,
    PROXYLESS
  }

  public ProxyScope {
    requireNonNull(kind, "kind");
    requireNonNull(bindAddress, "bindAddress");
    requireNonNull(locality, "locality");
    requireNonNull(interception, "interception");
    labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
    if (!InetAddresses.isInetAddress(bindAddress)) {
      throw new IllegalArgumentException(
          "bindAddress: '" + bindAddress + "' (expected: an IP literal, e.g. 127.0.0.2)");
    }
  }

  /** This scope with only the labels and locality {@code needs} names. */
  public ProxyScope narrowedTo(ScopeNeeds needs) {
    Map<String, String> kept = new java.util.HashMap<>(labels);
    kept.keySet().retainAll(needs.labelKeys());
    return new ProxyScope(
        kind, bindAddress, kept, needs.locality() ? locality : Locality.UNKNOWN, workload,
        interception);
  }

  /** {@link #fromNode(Node)} narrowed to {@code needs}: what the node's snapshot is made for. */
  public static ProxyScope fromNode(Node node, ScopeNeeds needs) {
    return fromNode(node).narrowedTo(needs);
  }

  /**
   * Derives the full scope of a node (all its labels, its locality), as {@code docs/xds.md}
   * specifies.
   *
   * @throws InvalidNodeException if the node's bind address metadata is not an IP literal, its
   *     interception mode is none of Istio's, or its workload metadata is bad (see {@link
   *     WorkloadMetadata})
   */
  public static ProxyScope fromNode(Node node) {
    requireNonNull(node, "node");
    Value proxyless = node.getMetadata().getFieldsOrDefault(PROXYLESS_METADATA, null);
    boolean isProxyless =
        node.getUserAgentName().startsWith("gRPC")
            || (proxyless != null && "true".equals(proxyless.getStringValue()));
    Value bind = node.getMetadata().getFieldsOrDefault(BIND_ADDRESS_METADATA, null);
    String bindAddress = DEFAULT.bindAddress();
    if (bind != null) {
      bindAddress = bind.getStringValue();
      if (!InetAddresses.isInetAddress(bindAddress)) {
        throw new InvalidNodeException(
            "node '"
                + node.getId()
                + "': metadata."
                + BIND_ADDRESS_METADATA
                + ": '"
                + bindAddress
                + "' (expected: an IP literal, e.g. 127.0.0.2)");
      }
    }
    Map<String, String> labels = new java.util.HashMap<>();
    Value l = node.getMetadata().getFieldsOrDefault(LABELS_METADATA, null);
    if (l != null) {
      l.getStructValue().getFieldsMap().forEach((k, v) -> {
        if (v.hasStringValue()) {
          labels.put(k, v.getStringValue());
        }
      });
    }
    var nl = node.getLocality();
    Locality locality = new Locality(nl.getRegion(), nl.getZone(), nl.getSubZone());
    return new ProxyScope(
        isProxyless ? Kind.PROXYLESS : Kind.SIDECAR, bindAddress, labels, locality,
        WorkloadMetadata.read(node), interception(node));
  }

  private static Interception interception(Node node) {
    Value mode = node.getMetadata().getFieldsOrDefault(INTERCEPTION_MODE_METADATA, null);
    if (mode == null) {
      return Interception.REDIRECT;
    }
    for (Interception i : Interception.values()) {
      if (i.name().equals(mode.getStringValue())) {
        return i;
      }
    }
    throw new InvalidNodeException("node '" + node.getId() + "': metadata."
        + INTERCEPTION_MODE_METADATA + ": '" + mode.getStringValue()
        + "' (expected: REDIRECT, TPROXY or NONE)");
  }
}
