package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.cache.NodeGroup;
import io.meshbridge.pilot.translate.ProxyScope;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cache as the discovery server sees it, except that a state-of-the-world NACK waits for the
 * next change of its type instead of being answered at once.
 *
 * <p>java-control-plane 1.0.49 compares a request's {@code version_info} with the snapshot's. A
 * NACK carries the last <em>accepted</em> version, so the cache would resend the rejected
 * resources immediately, and the proxy would reject them again, in a tight loop. Here a NACK's
 * watch is opened at the current (rejected) version: the proxy keeps its last good config and hears
 * again when the type's content changes (as Istio does). Delta streams need no help: their watches
 * already track the version last sent.
 */
final class NackHoldingWatcher implements ConfigWatcher {

  private final SimpleCache<ProxyScope> cache;
  private final NodeGroup<ProxyScope> groups;

  NackHoldingWatcher(SimpleCache<ProxyScope> cache, NodeGroup<ProxyScope> groups) {
    this.groups = groups;
    this.cache = requireNonNull(cache, "cache");
  }

  @Override
  public Watch createWatch(
      boolean ads,
      XdsRequest request,
      Set<String> knownResourceNames,
      Consumer<Response> responseConsumer,
      boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    XdsRequest effective = request;
    boolean nack = request.hasErrorDetail();
    if (nack) {
      Snapshot snapshot = cache.getSnapshot(groups.hash(request.v3Request().getNode()));
      if (snapshot != null) {
        String rejected =
            snapshot.version(request.getResourceType(), request.getResourceNamesList());
        effective =
            XdsRequest.create(request.v3Request().toBuilder().setVersionInfo(rejected).build());
      }
    }
    return cache.createWatch(
        ads,
        effective,
        knownResourceNames,
        responseConsumer,
        hasClusterChanged && !nack,
        allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(
      DeltaXdsRequest request,
      String requesterVersion,
      Map<String, String> resourceVersions,
      Set<String> pendingResources,
      boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer,
      boolean hasClusterChanged) {
    return cache.createDeltaWatch(
        request,
        requesterVersion,
        resourceVersions,
        pendingResources,
        isWildcard,
        responseConsumer,
        hasClusterChanged);
  }
}
