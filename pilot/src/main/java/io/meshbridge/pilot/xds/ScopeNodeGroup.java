package io.meshbridge.pilot.xds;

import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.pilot.translate.ProxyScope;
import io.meshbridge.pilot.translate.ScopeNeeds;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Groups nodes by {@link ProxyScope}: one snapshot per scope. Nodes with invalid metadata never
 * get here: {@link ScopeCallbacks} rejects their streams first.
 */
final class ScopeNodeGroup implements NodeGroup<ProxyScope> {

  private final AtomicReference<ScopeNeeds> needs;

  ScopeNodeGroup(AtomicReference<ScopeNeeds> needs) {
    this.needs = needs;
  }

  /** The node's scope with only the labels and locality the current policies use. */
  @Override
  public ProxyScope hash(Node node) {
    return ProxyScope.fromNode(node, needs.get());
  }
}
