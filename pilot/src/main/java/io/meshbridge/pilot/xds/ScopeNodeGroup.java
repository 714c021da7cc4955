package io.meshbridge.pilot.xds;

import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.pilot.translate.ProxyScope;

/**
 * Groups nodes by {@link ProxyScope}: one snapshot per scope. Nodes with invalid metadata never
 * get here: {@link ScopeCallbacks} rejects their streams first.
 */
final class ScopeNodeGroup implements NodeGroup<ProxyScope> {

  @Override
  public ProxyScope hash(Node node) {
    return ProxyScope.fromNode(node);
  }
}
