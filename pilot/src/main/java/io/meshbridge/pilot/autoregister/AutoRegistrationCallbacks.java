package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.policy.WorkloadEntry;
import io.meshbridge.pilot.policy.WorkloadGroup;
import io.meshbridge.pilot.xds.ClientCertificateAuth;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xDS side of auto-registration: on a stream's first request whose node names {@code
 * AUTO_REGISTER_GROUP}, makes the WorkloadEntry from the group and the stream's verified identity
 * and hands it to the {@link AutoRegistry}; when the stream closes, tells it so. A registration
 * that cannot be done closes the stream, as Istio does, with the reason (logged and counted):
 * {@code INVALID_ARGUMENT} for bad node metadata, {@code FAILED_PRECONDITION} for a missing group,
 * {@code PERMISSION_DENIED} for an identity that is not the group's. The proxy retries; once the
 * group exists, it registers.
 *
 * <p>Thread-safe: gRPC threads call it; per-stream identities sit in a concurrent map, everything
 * else goes to the registry's executor.
 */
public final class AutoRegistrationCallbacks implements DiscoveryServerCallbacks {

  private static final Logger logger = LoggerFactory.getLogger(AutoRegistrationCallbacks.class);

  /** Finds a WorkloadGroup by namespace and name. */
  @FunctionalInterface
  public interface Groups {
    @Nullable WorkloadGroup find(String namespace, String name);
  }

  private final Groups groups;
  private final AutoRegistry registry;
  /** Per open stream: its peer identity (empty on the plaintext port) until its node was seen. */
  private final Map<Long, Optional<SpiffeId>> pending = new ConcurrentHashMap<>();

  public AutoRegistrationCallbacks(Groups groups, AutoRegistry registry) {
    this.groups = requireNonNull(groups, "groups");
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    // java-control-plane opens the stream while the gRPC call's context is current.
    pending.put(streamId, Optional.ofNullable(ClientCertificateAuth.PEER_IDENTITY.get()));
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

  private void closed(long streamId) {
    if (pending.remove(streamId) == null) {
      registry.disconnected(streamId);
    }
  }

  private void seen(long streamId, Node node) throws RequestException {
    Optional<SpiffeId> identity = pending.get(streamId);
    if (identity == null) {
      return; // registered already (or the stream was never opened here)
    }
    try {
      ProxyRegistration proxy = ProxyRegistration.of(node);
      if (proxy == null) {
        pending.remove(streamId);
        return;
      }
      WorkloadGroup group = groups.find(proxy.namespace(), proxy.group());
      SpiffeId peer = identity.orElse(null);
      WorkloadEntry entry = EntryTemplate.entry(proxy, group, peer);
      pending.remove(streamId);
      registry.connected(streamId, entry, proxy.group(), requireNonNull(peer).uri());
    } catch (RegistrationRefusedException e) {
      registry.metrics().refused(e.reason());
      logger.warn("{} (stream {})", e.getMessage(), streamId);
      throw new RequestException(e.status());
    }
  }
}
