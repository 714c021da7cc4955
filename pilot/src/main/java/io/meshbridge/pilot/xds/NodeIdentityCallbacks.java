package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Value;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Status;
import io.meshbridge.pilot.ca.CaRefusedException;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.Refusal;
import io.meshbridge.pilot.ca.SpiffeId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * On the mTLS port, refuses a stream whose node claims another identity than its client
 * certificate, as istiod does: the node's {@code NAMESPACE} must be the certificate's {@code ns/},
 * its {@code SERVICE_ACCOUNT} the certificate's {@code sa/}. A node naming neither claims no
 * workload (it gets no inbound listeners, no workload policies) and is accepted, as istiod accepts
 * a proxy without a namespace. The refusal is {@code PERMISSION_DENIED} with the description
 * {@code IDENTITY_MISMATCH: node 'n': metadata.NAMESPACE: 'a' (expected: 'b', the namespace of its
 * client certificate spiffe://...)}, logged at WARN and counted as {@code
 * meshbridge.xds.refused.IDENTITY_MISMATCH} by the CA. Streams on the plaintext port carry no
 * certificate and are not checked.
 *
 * <p>Every request with a node is checked (a stream may send another node later). Thread-safe:
 * each open stream's peer is one entry of a concurrent map.
 */
final class NodeIdentityCallbacks implements DiscoveryServerCallbacks {

  /** Node metadata keys of the workload's identity (docs/xds.md). */
  static final String NAMESPACE = "NAMESPACE";

  static final String SERVICE_ACCOUNT = "SERVICE_ACCOUNT";

  /**
   * An authenticated stream: its certificate's identity, its remote address, and the CA that
   * counts refusals.
   */
  record Peer(SpiffeId identity, String address, CertificateAuthority ca) {
    Peer {
      requireNonNull(identity, "identity");
      requireNonNull(address, "address");
      requireNonNull(ca, "ca");
    }
  }

  private final Map<Long, Peer> peers = new ConcurrentHashMap<>();

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    // java-control-plane opens the stream while the gRPC call's context is current.
    Peer peer = ClientCertificateAuth.PEER.get();
    if (peer != null) {
      peers.put(streamId, peer);
    }
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    if (request.hasNode()) {
      check(streamId, request.getNode());
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request)
      throws RequestException {
    if (request.hasNode()) {
      check(streamId, request.getNode());
    }
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    peers.remove(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    peers.remove(streamId);
  }

  private void check(long streamId, Node node) throws RequestException {
    Peer peer = peers.get(streamId);
    if (peer == null) {
      return; // the plaintext port
    }
    SpiffeId identity = peer.identity();
    String problem = mismatch(node, NAMESPACE, identity.namespace(), "namespace", identity);
    if (problem == null) {
      problem =
          mismatch(node, SERVICE_ACCOUNT, identity.serviceAccount(), "service account", identity);
    }
    if (problem != null) {
      CaRefusedException refusal = new CaRefusedException(Refusal.IDENTITY_MISMATCH, problem);
      peer.ca().peerRefused(refusal, peer.address());
      throw new RequestException(Status.PERMISSION_DENIED.withDescription(refusal.getMessage()));
    }
  }

  /**
   * What is wrong with the node's {@code key}, or null when it is absent, equals {@code
   * certified}, or is no string (then {@link ScopeCallbacks} refuses it, naming the key).
   */
  private static @Nullable String mismatch(
      Node node, String key, String certified, String what, SpiffeId identity) {
    Value claimed = node.getMetadata().getFieldsOrDefault(key, null);
    if (claimed == null
        || !claimed.hasStringValue()
        || claimed.getStringValue().equals(certified)) {
      return null;
    }
    return "node '" + node.getId() + "': metadata." + key + ": '" + claimed.getStringValue()
        + "' (expected: '" + certified + "', the " + what + " of its client certificate "
        + identity.uri() + ")";
  }
}
