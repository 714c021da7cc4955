package io.meshbridge.pilot.translate;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;

/**
 * Which resources a proxy gets: pilot keeps one snapshot per distinct scope.
 *
 * @param kind a sidecar proxy that binds listeners, or a proxyless gRPC client that gets API
 *     listeners
 * @param bindAddress the IP literal sidecar listeners bind to
 */
public record ProxyScope(Kind kind, String bindAddress) {

  /** Node metadata key that marks a proxyless client when set to {@code "true"}. */
  public static final String PROXYLESS_METADATA = "MESHBRIDGE_PROXYLESS";

  /** Node metadata key that names the IP literal a sidecar's listeners bind to. */
  public static final String BIND_ADDRESS_METADATA = "MESHBRIDGE_BIND_ADDRESS";

  /** The scope of a node that says nothing: a sidecar binding {@code 0.0.0.0}. */
  public static final ProxyScope DEFAULT = new ProxyScope(Kind.SIDECAR, "0.0.0.0");

  /** What kind of xDS client a node is. */
  public enum Kind {
    SIDECAR,
    PROXYLESS
  }

  public ProxyScope {
    requireNonNull(kind, "kind");
    requireNonNull(bindAddress, "bindAddress");
    if (!InetAddresses.isInetAddress(bindAddress)) {
      throw new IllegalArgumentException(
          "bindAddress: '" + bindAddress + "' (expected: an IP literal, e.g. 127.0.0.2)");
    }
  }

  /**
   * Derives the scope of a node, as {@code docs/xds.md} specifies.
   *
   * @throws InvalidNodeException if the node's bind address metadata is not an IP literal
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
    return new ProxyScope(isProxyless ? Kind.PROXYLESS : Kind.SIDECAR, bindAddress);
  }
}
