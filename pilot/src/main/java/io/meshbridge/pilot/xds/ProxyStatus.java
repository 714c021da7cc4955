package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.pilot.translate.InvalidNodeException;
import io.meshbridge.pilot.translate.ProxyScope;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One xDS stream as the {@link ProxyTracker} sees it. Immutable: every change makes a copy.
 *
 * @param streamId java-control-plane's id of the stream
 * @param service the stream's default type URL; empty for ADS
 * @param delta whether the stream speaks incremental (delta) xDS
 * @param nodeId the node's id, empty until its first request
 * @param cluster the node's cluster
 * @param scope the node's scope, null until its first request
 * @param userAgent {@code user_agent_name/user_agent_version}
 * @param connectedSince when the stream opened
 * @param types per type URL, sorted
 * @param identity the SPIFFE ID of the stream's client certificate (the CA's TLS port); null on the
 *     plaintext port
 */
public record ProxyStatus(
    long streamId,
    String service,
    boolean delta,
    String nodeId,
    String cluster,
    @Nullable ProxyScope scope,
    String userAgent,
    Instant connectedSince,
    Map<String, TypeStatus> types,
    @Nullable String identity) {

  public ProxyStatus {
    requireNonNull(service, "service");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(cluster, "cluster");
    requireNonNull(userAgent, "userAgent");
    requireNonNull(connectedSince, "connectedSince");
    types = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(types));
  }

  static ProxyStatus opened(
      long streamId, String service, Instant now, @Nullable String identity) {
    return new ProxyStatus(streamId, service, false, "", "", null, "", now, Map.of(), identity);
  }

  /** Takes identity from the first request that carries a node. */
  ProxyStatus withNode(Node node, boolean isDelta) {
    if (!nodeId.isEmpty() || node.equals(Node.getDefaultInstance())) {
      return delta == isDelta ? this : copy(isDelta, nodeId, cluster, scope, userAgent, types);
    }
    ProxyScope nodeScope;
    try {
      nodeScope = ProxyScope.fromNode(node);
    } catch (InvalidNodeException e) {
      nodeScope = null; // the stream is being rejected by ScopeCallbacks
    }
    String agent =
        node.getUserAgentVersion().isEmpty()
            ? node.getUserAgentName()
            : node.getUserAgentName() + "/" + node.getUserAgentVersion();
    return copy(isDelta, node.getId(), node.getCluster(), nodeScope, agent, types);
  }

  /** The type URL a request means: its own, or the stream's for per-type services. */
  String typeOf(String requestTypeUrl) {
    return requestTypeUrl.isEmpty() ? service : requestTypeUrl;
  }

  TypeStatus type(String typeUrl) {
    return types.getOrDefault(typeUrl, TypeStatus.NONE);
  }

  ProxyStatus updateType(String typeUrl, UnaryOperator<TypeStatus> change) {
    Map<String, TypeStatus> copy = new TreeMap<>(types);
    copy.put(typeUrl, change.apply(type(typeUrl)));
    return copy(delta, nodeId, cluster, scope, userAgent, copy);
  }

  private ProxyStatus copy(
      boolean isDelta,
      String id,
      String nodeCluster,
      @Nullable ProxyScope nodeScope,
      String agent,
      Map<String, TypeStatus> newTypes) {
    return new ProxyStatus(
        streamId, service, isDelta, id, nodeCluster, nodeScope, agent, connectedSince, newTypes,
        identity);
  }
}
