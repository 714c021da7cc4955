package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Status;
import io.meshbridge.pilot.translate.InvalidNodeException;
import io.meshbridge.pilot.translate.ProxyScope;

/**
 * Tells the {@link SnapshotPublisher} which scopes proxies ask for, before the cache opens their
 * watch, and rejects streams whose node cannot be mapped to a scope (naming the field).
 */
final class ScopeCallbacks implements DiscoveryServerCallbacks {

  private final SnapshotPublisher publisher;

  ScopeCallbacks(SnapshotPublisher publisher) {
    this.publisher = requireNonNull(publisher, "publisher");
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    if (request.hasNode()) {
      seen(request.getNode());
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request)
      throws RequestException {
    if (request.hasNode()) {
      seen(request.getNode());
    }
  }

  private void seen(Node node) throws RequestException {
    try {
      publisher.scopeSeen(ProxyScope.fromNode(node));
    } catch (InvalidNodeException e) {
      throw new RequestException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
  }
}
