package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Honours delta's {@code initial_resource_versions}, which java-control-plane 1.0.49 ignores (its
 * per-stream tracked versions start empty and grow only from ACKed responses): without this, a
 * proxy that reconnects, or boots from its cached last config, is resent everything (harmless) and
 * is never told that a listener or cluster was removed while it was away.
 *
 * <p>The versions a stream's first request lists are kept per node id and type, and added under
 * the stream's tracked versions for every watch, until a response sends or removes that resource
 * (from then on the stream itself tracks it). So the first response sends what changed and names
 * in {@code removed_resources} what is gone, and a later removal of a resource that was unchanged
 * at reconnect is still sent. Thread-safe: watches are created on gRPC threads and answered on the
 * cache's.
 */
final class InitialVersionsWatcher implements ConfigWatcher {

  private final ConfigWatcher delegate;
  /** Per {@code <node id> <type url>}: held versions no response has sent or removed since. */
  private final Map<String, Map<String, String>> held = new ConcurrentHashMap<>();

  InitialVersionsWatcher(ConfigWatcher delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
      Consumer<Response> responseConsumer, boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    return delegate.createWatch(ads, request, knownResourceNames, responseConsumer,
        hasClusterChanged, allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
      Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
    String nodeId = request.v3Request().getNode().getId();
    if (nodeId.isEmpty()) {
      return delegate.createDeltaWatch(request, requesterVersion, resourceVersions,
          pendingResources, isWildcard, responseConsumer, hasClusterChanged);
    }
    String key = nodeId + " " + request.getTypeUrl();
    Map<String, String> initial = request.getInitialResourceVersionsMap();
    if (!initial.isEmpty() && request.getResponseNonce().isEmpty()) {
      held.put(key, new ConcurrentHashMap<>(initial)); // a stream's first request of the type
    }
    Map<String, String> stillHeld = held.get(key);
    if (stillHeld == null || stillHeld.isEmpty()) {
      return delegate.createDeltaWatch(request, requesterVersion, resourceVersions,
          pendingResources, isWildcard, responseConsumer, hasClusterChanged);
    }
    Map<String, String> tracked = new HashMap<>(stillHeld);
    tracked.putAll(resourceVersions);
    return delegate.createDeltaWatch(request, requesterVersion, tracked, pendingResources,
        isWildcard, response -> {
          stillHeld.keySet().removeAll(response.resources().keySet());
          response.removedResources().forEach(stillHeld::remove);
          if (stillHeld.isEmpty()) {
            held.remove(key, stillHeld);
          }
          responseConsumer.accept(response);
        }, hasClusterChanged);
  }
}
