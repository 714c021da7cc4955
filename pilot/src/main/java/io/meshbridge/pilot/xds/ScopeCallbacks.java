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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the {@link SnapshotPublisher} which full scopes open streams use, before the cache opens
 * their watch, and when a stream stops using one (it closed, or its node changed); rejects streams
 * whose node cannot be mapped to a scope (naming the field).
 *
 * <p>Thread-safe: each stream's scope is one entry of a concurrent map, updated atomically.
 */
final class ScopeCallbacks implements DiscoveryServerCallbacks {

  private final SnapshotPublisher publisher;
  /** Per open stream that sent a valid node: the full scope of its last node. */
  private final Map<Long, ProxyScope> streams = new ConcurrentHashMap<>();

  ScopeCallbacks(SnapshotPublisher publisher) {
    this.publisher = requireNonNull(publisher, "publisher");
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    if (request.hasNode()) {
      seen(streamId, request.getNode());
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request)
      throws RequestException {
    if (request.hasNode()) {
      seen(streamId, request.getNode());
    }
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    closed(streamId);
  }

  private void seen(long streamId, Node node) throws RequestException {
    ProxyScope scope;
    try {
      scope = ProxyScope.fromNode(node);
    } catch (InvalidNodeException e) {
      throw new RequestException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
    ProxyScope previous = streams.put(streamId, scope);
    if (!scope.equals(previous)) {
      publisher.used(scope);
      if (previous != null) {
        publisher.released(previous);
      }
    }
  }

  private void closed(long streamId) {
    ProxyScope scope = streams.remove(streamId);
    if (scope != null) {
      publisher.released(scope);
    }
  }
}
