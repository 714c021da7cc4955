package io.meshbridge.pilot.xds;

import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.pilot.translate.ProxyScope;

/**
 * Groups nodes by their full {@link ProxyScope} (all labels, locality): a node's group changes only
 * when the node does, never when the policies do, so its open watches stay where the {@link
 * SnapshotPublisher} sets its snapshots. Nodes with invalid metadata never get here: {@link
 * ScopeCallbacks} rejects their streams first.
 */
final class ScopeNodeGroup implements NodeGroup<ProxyScope> {

  @Override
  public ProxyScope hash(Node node) {
    return ProxyScope.fromNode(node);
  }
}
